import { AppError } from '../../platform/errors.js';

/**
 * Removes metadata from JPEG, PNG and WebP images without re-encoding the pixels: EXIF (GPS position,
 * time, camera serial), XMP, IPTC, comments and text chunks. A photo of a victim taken on a phone carries
 * where it was taken; stored as uploaded, it would tell anyone who downloads it where she was.
 * An image whose structure cannot be walked is refused rather than stored with its metadata.
 */
export function stripImageMetadata(bytes: Buffer, mime: string): Buffer {
  try {
    if (mime === 'image/jpeg') return stripJpeg(bytes);
    if (mime === 'image/png') return stripPng(bytes);
    if (mime === 'image/webp') return stripWebp(bytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
  }
  throw malformed();
}

const malformed = () =>
  new AppError('unsupported', 'attachment_type', {}, [{ field: 'file', code: 'attachment_type' }]);

/** JPEG: keep SOI, APP0 (JFIF), APP2 ICC profiles, APP14 (Adobe colour transform) and every coding segment. */
function stripJpeg(b: Buffer): Buffer {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw malformed();
  const out: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw malformed();
    // Fill bytes before a marker.
    while (b[i + 1] === 0xff) i++;
    const marker = b[i + 1];
    if (marker === undefined) throw malformed();
    // Markers without a length: TEM and RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (marker === 0xd9) {
      out.push(b.subarray(i, i + 2));
      break;
    }
    if (i + 4 > b.length) throw malformed();
    const length = b.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > b.length) throw malformed();
    const segment = b.subarray(i, i + 2 + length);
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and everything after it are pixels and coding, kept as they are.
      out.push(b.subarray(i));
      break;
    }
    const payload = segment.subarray(4);
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep =
      !isApp && marker !== 0xfe
        ? true
        : marker === 0xe0
          ? payload.subarray(0, 5).toString('latin1') === 'JFIF\0'
          : marker === 0xe2
            ? payload.subarray(0, 12).toString('latin1') === 'ICC_PROFILE\0'
            : marker === 0xee
              ? payload.subarray(0, 5).toString('latin1') === 'Adobe'
              : false;
    if (keep) out.push(segment);
    i += 2 + length;
  }
  return Buffer.concat(out);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Ancillary PNG chunks that carry text, EXIF or a time stamp. */
const pngDropped = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(b: Buffer): Buffer {
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) throw malformed();
  const out: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  let ended = false;
  while (i < b.length && !ended) {
    if (i + 12 > b.length) throw malformed();
    const length = b.readUInt32BE(i);
    const type = b.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + length;
    if (end > b.length) throw malformed();
    if (!pngDropped.has(type)) out.push(b.subarray(i, end));
    ended = type === 'IEND';
    i = end;
  }
  if (!ended) throw malformed();
  return Buffer.concat(out);
}

/** WebP (RIFF): drop the EXIF and XMP chunks and clear their flags in the VP8X header. */
function stripWebp(b: Buffer): Buffer {
  if (b.subarray(0, 4).toString('latin1') !== 'RIFF' || b.subarray(8, 12).toString('latin1') !== 'WEBP') {
    throw malformed();
  }
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4));
  const chunks: Buffer[] = [];
  let i = 12;
  while (i < riffEnd) {
    if (i + 8 > riffEnd) throw malformed();
    const type = b.subarray(i, i + 4).toString('latin1');
    const size = b.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) throw malformed();
    const chunk = Buffer.from(b.subarray(i, Math.min(end, riffEnd)));
    if (type === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] ?? 0) & ~0x0c;
    if (type !== 'EXIF' && type !== 'XMP ') chunks.push(chunk);
    i = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
