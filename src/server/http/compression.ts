import { brotliCompressSync, constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Brotli for an answer compressed in one call (up to syncThreshold, 64 KB: nearly every API answer)
 * at quality 1, not 4. On two cores shared with PostgreSQL the answer's CPU is the users' wait;
 * the bytes barely matter: a ticket's page (5.5 KB) 87 → 38 µs for 1,829 → 2,047 bytes, a list of
 * 50 (30 KB) 144 → 30 µs for 2,041 → 2,507, the unit tree (10.6 KB) 66 → 20 µs for 1,404 → 1,549:
 * each still within the first round trip of a fresh connection (10 packets). Larger answers (the
 * API docs) stream at quality 4 (issue 16).
 */
const ONE_CALL_BROTLI = {
  params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 20 },
};

/**
 * br/gzip for answers made per request (JSON lists, the API docs) — issue 11: the site was served
 * uncompressed. The web's own files come compressed from the build (src/server/web/static.ts) and
 * are left alone, as is anything already compressed (attachments, exports) and the live event
 * stream, which must reach the browser event by event, not in compressed blocks.
 */
export async function compression(app: FastifyInstance, enabled: boolean): Promise<void> {
  if (!enabled) return;
  await app.register(compress, {
    global: true,
    threshold: 1024,
    // Answers up to 64 KB (a knowledge search's ten hits: 10–20 KB) compressed in one call. The
    // plugin's default on two cores (8 KB) streamed them through libuv's threads: a thread hand-off
    // per chunk, with no free core for it to overlap, while PostgreSQL shares the two. A search's
    // server CPU with br, old and new in turns: 4.28 / 3.31, 3.85 / 4.24, 4.35 / 3.22 ms (issue 16).
    syncThreshold: 65_536,
    encodings: ['br', 'gzip'],
    // Streamed answers (over 64 KB: the 188 KB API docs) at the plugin's brotli (text mode, quality
    // 4) with a 1 MB window instead of the default 4 MB: the same bytes, but brotli no longer sets up
    // a 4 MB window it cannot fill (issue 16). These params replace the plugin's, not add to them.
    brotliOptions: {
      params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 20 },
    },
    // the plugin's one-call brotli (its other encodings and its streams stay node's own)
    zlib: { brotliCompressSync: (payload: Buffer) => brotliCompressSync(payload, ONE_CALL_BROTLI) },
    customTypes: /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|javascript|(?:\+|\/)xml(?:;|$)/,
    // requests are not taken compressed: the body limits count the bytes as they arrive
    globalDecompression: false,
  });
}
