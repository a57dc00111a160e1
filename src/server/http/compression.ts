import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

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
    // The plugin's brotli (text mode, quality 4) with a 1 MB window instead of the default 4 MB:
    // the same bytes for every answer we compress (a ticket's page, a 30 KB list, the 188 KB API
    // docs), but brotli no longer sets up a 4 MB window for a 2–5 KB answer. An action's answer
    // (4.4 KB) took 117 µs, 65 µs so (issue 16). These params replace the plugin's, not add to them.
    brotliOptions: {
      params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 20 },
    },
    customTypes: /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|javascript|(?:\+|\/)xml(?:;|$)/,
    // requests are not taken compressed: the body limits count the bytes as they arrive
    globalDecompression: false,
  });
}
