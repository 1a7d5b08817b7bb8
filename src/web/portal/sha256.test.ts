import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, sha256Words, solve } from './sha256.js';

const hex = (w: Uint32Array) => [...w].map((x) => x.toString(16).padStart(8, '0')).join('');

describe('portal SHA-256 (proof of work without Web Crypto)', () => {
  it('agrees with node:crypto, across block boundaries', () => {
    for (const s of [
      '',
      'abc',
      'x'.repeat(55),
      'y'.repeat(56),
      'z'.repeat(64),
      `1765000000000.ab12.${'f'.repeat(64)}:1a`,
    ])
      expect(hex(sha256Words(s))).toBe(createHash('sha256').update(s).digest('hex'));
  });
  it('solves a challenge the server accepts', async () => {
    const nonce = await solve('challenge', 10);
    const digest = createHash('sha256').update(`challenge:${nonce}`).digest();
    expect(leadingZeroBits(sha256Words(`challenge:${nonce}`))).toBeGreaterThanOrEqual(10);
    expect(digest[0]).toBe(0);
  });
});
