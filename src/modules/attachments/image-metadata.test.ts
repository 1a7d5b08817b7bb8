import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { stripImageMetadata } from './image-metadata.js';

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
function riffChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
}

describe('image metadata stripping (no database)', () => {
  it('drops PNG text, EXIF and time chunks and keeps the image chunks byte for byte', () => {
    const ihdr = pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    const idat = pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0, 0, 0, 2, 0, 1]));
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      ihdr,
      pngChunk('tEXt', Buffer.from('Location\0Kupang -10.17 123.60')),
      pngChunk('eXIf', Buffer.from('MM\0*GPSLatitude')),
      idat,
      pngChunk('tIME', Buffer.from([7, 234, 1, 2, 3, 4, 5])),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    const out = stripImageMetadata(png, 'image/png');
    expect(out.includes(Buffer.from('Kupang'))).toBe(false);
    expect(out.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(out.includes(ihdr) && out.includes(idat)).toBe(true);
    expect(out.subarray(-12).subarray(4, 8).toString('latin1')).toBe('IEND');
  });

  it('drops WebP EXIF and XMP chunks, clears their VP8X flags and fixes the RIFF size', () => {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x0c | 0x10; // EXIF, XMP and alpha flags
    const image = riffChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0]));
    const body = Buffer.concat([
      riffChunk('VP8X', vp8x),
      image,
      riffChunk('EXIF', Buffer.from('GPSLatitude -10.17')),
      riffChunk('XMP ', Buffer.from('<x:xmpmeta>Kupang</x:xmpmeta>')),
    ]);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), body]);
    webp.writeUInt32LE(webp.length - 8, 4);
    const out = stripImageMetadata(webp, 'image/webp');
    expect(out.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(out.includes(Buffer.from('Kupang'))).toBe(false);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20]).toBe(0x10); // only the alpha flag is left
    expect(out.includes(image)).toBe(true);
  });

  it('refuses an image whose structure cannot be walked instead of storing its metadata', () => {
    const broken = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0x45, 0x78, 0x69, 0x66]);
    expect(() => stripImageMetadata(broken, 'image/jpeg')).toThrow();
    expect(() =>
      stripImageMetadata(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'),
    ).toThrow();
  });
});
