import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadSsr } from './ssr.ts';

/** Hashed build output (assets/name-HASH.js): its name changes whenever its bytes do. */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Serves the built web front end. Any GET outside /api that is not a file gets index.html, so a
 * deep link (/unit/tickets/…, /portal) opens the right page.
 *
 * Issue 11 (a cold load under 1 s): the build writes .br and .gz beside each asset (vite.config.ts),
 * sent as they are to a browser that accepts them; hashed assets are cached for a year and never
 * revalidated, while index.html — which names the current hashes — is revalidated on every load.
 */
export async function serveWeb(app: FastifyInstance, dir: string, opts: { precompressed: boolean; ssr?: boolean } = { precompressed: true }): Promise<void> {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: false,
    preCompressed: opts.precompressed,
    cacheControl: false,
    setHeaders(reply, path) {
      reply.header('cache-control', /[\\/]assets[\\/][^\\/]+$/.test(path) ? FOREVER : 'public, max-age=3600');
    },
  });
  const ssr = opts.ssr === false ? null : await loadSsr(app, dir, index);
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const rendered = ssr ? await ssr(request) : null;
    // a rendered page carries the user's data: never kept by a cache
    if (rendered) return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(rendered);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  };
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (request, reply) => page(request, reply));
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: 'not_found', message: `没有这个地址：${request.method} ${request.url}` });
    }
    const file = request.url.split('?')[0]!.replace(/^\/+/, '');
    if (/^assets\/[\w.-]+$/.test(file) || /^[\w.-]+\.(ico|png|svg|txt)$/.test(file)) return reply.sendFile(file);
    return page(request, reply);
  });
}
