import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

// A built web app as Vite leaves it: index.html naming hashed assets, each with .br and .gz beside it.
const web = mkdtempSync(join(tmpdir(), 'pulih-web-'));
mkdirSync(join(web, 'assets'));
const script = `console.log(${JSON.stringify('Tugas hari ini '.repeat(400))});`;
const index =
  '<!doctype html><html><head><script type="module" src="/assets/index-Bx7Kp2Qa.js"></script></head></html>';
writeFileSync(join(web, 'index.html'), index);
writeFileSync(join(web, 'assets/index-Bx7Kp2Qa.js'), script);
writeFileSync(join(web, 'assets/index-Bx7Kp2Qa.js.br'), brotliCompressSync(script));
writeFileSync(join(web, 'assets/index-Bx7Kp2Qa.js.gz'), gzipSync(script));
writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

describeEachDatabase(
  'web assets: precompressed, hashed names cached immutably, index.html revalidated',
  (h) => {
    const get = (url: string, encoding?: string) =>
      h().app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

    it('sends brotli to browsers that accept it, gzip to others, the plain file otherwise — cached for a year', async () => {
      const br = await get('/assets/index-Bx7Kp2Qa.js', 'gzip, deflate, br');
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toContain('javascript');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
      expect(br.rawPayload.length).toBeLessThan(script.length / 4);
      const gz = await get('/assets/index-Bx7Kp2Qa.js', 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
      expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const plain = await get('/assets/index-Bx7Kp2Qa.js');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(script);
    });

    it('never lets index.html (the page naming the current hashes) or unhashed files be cached without revalidation', async () => {
      for (const url of ['/', '/index.html', '/cases/0190c0de-0000-7000-8000-000000000001', '/favicon.svg']) {
        const res = await get(url, 'br');
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
      expect((await get('/cases')).body).toBe(index);
    });
  },
  { seed: false, env: { PULIH_WEB_DIR: web } },
);
