import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers.ts';

// Issue 11 (speed): hashed assets cached for a year, pre-compressed files sent as they are,
// index.html revalidated, API answers compressed for a browser that accepts it.
const SCRIPT = `console.log(${JSON.stringify('工单'.repeat(2000))});`;
let dir: string;
let t: TestApp;
let plain: TestApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'o12345-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>');
  writeFileSync(join(dir, 'assets/index-AbC123.js'), SCRIPT);
  writeFileSync(join(dir, 'assets/index-AbC123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets/index-AbC123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await buildTestApp({ server: { webDir: dir } });
  plain = await buildTestApp({ server: { webDir: dir, compression: false } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving the web front end', () => {
  it('sends the brotli file of a hashed script to a browser that takes br, cached for a year', async () => {
    const res = await t.app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 10);
  });

  it('sends gzip to a browser without br, and the plain file to one that takes neither', async () => {
    const gz = await t.app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const none = await t.app.inject({ url: '/assets/index-AbC123.js' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toBe(SCRIPT);
    expect(none.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates index.html on every load (it names the current hashes), also for deep links', async () => {
    for (const url of ['/', '/login', '/tickets/3f0c1b9e-0000-4000-8000-000000000000']) {
      const res = await t.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('/assets/index-AbC123.js');
    }
    const icon = await t.app.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('compresses large API answers for a browser that accepts it, and not small ones', async () => {
    const big = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
    expect(big.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(big.rawPayload).toString()).openapi).toMatch(/^3/);
    const small = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().ok).toBe(true);
  });

  it('compresses a mid-size answer in one piece, with its length; a large one as a stream', async () => {
    // the unit tree is 10 KB: above the plugin's default for two cores (8 KB), within ours (64 KB)
    const cookie = await t.login('dispatcher');
    const plainTree = await t.app.inject({ url: '/api/units', headers: { cookie } });
    expect(Buffer.byteLength(plainTree.body)).toBeGreaterThan(8192);
    const tree = await t.app.inject({ url: '/api/units', headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    expect(tree.headers['content-encoding']).toBe('br');
    expect(Number(tree.headers['content-length'])).toBe(tree.rawPayload.length);
    expect(brotliDecompressSync(tree.rawPayload).toString()).toBe(plainTree.body);
    // in one call at quality 1 (issue 16): a fraction of the plain answer, close to quality 4's bytes
    const quality4 = (body: string) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 } });
    expect(tree.rawPayload.length).toBeLessThan(Buffer.byteLength(plainTree.body) / 4);
    expect(tree.rawPayload.length).toBeLessThanOrEqual(quality4(plainTree.body).length * 1.2);
    const docs = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(docs.headers['transfer-encoding']).toBe('chunked');
    // streamed at quality 4: the smaller window (1 MB) costs no bytes against brotli's own 4 MB
    const plainDocs = await t.app.inject({ url: '/api/openapi.json' });
    expect(brotliDecompressSync(docs.rawPayload).toString()).toBe(plainDocs.body);
    expect(docs.rawPayload.length).toBeLessThanOrEqual(quality4(plainDocs.body).length);
  });

  it('with COMPRESSION=off sends everything as it is', async () => {
    const script = await plain.app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(script.headers['content-encoding']).toBeUndefined();
    expect(script.body).toBe(SCRIPT);
    const api = await plain.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
    expect(api.headers['content-encoding']).toBeUndefined();
  });
});
