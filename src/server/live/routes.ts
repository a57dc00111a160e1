import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { Queryable } from '../db/connection.ts';
import type { LiveBus } from './bus.ts';
import { LiveHub, type LiveStream } from './hub.ts';
import { SessionChecks } from './session-checks.ts';

export interface LiveOptions {
  db: Queryable;
  now: () => number;
  demoMode: boolean;
  /** How long a session check stands before the next event checks again (ms). */
  recheckMs?: number;
  /** Comment lines that keep proxies from closing an idle stream, and check the session (ms). */
  pingMs?: number;
  /** How long changes gather before each stream gets them in one write (ms; hub.ts). */
  flushMs?: number;
}

/**
 * GET /api/stream: server-sent events of ticket changes the signed-in user may see.
 *
 * A stream outlives the request that opened it, so it does not trust the actor of that moment: the
 * session is read again before events go out (at most once per `recheckMs`) and at each ping.
 * A user signed out or disabled, or a session revoked, gets nothing more and the stream ends; a
 * user moved to another unit gets that unit's changes from then on. The streams are fed together
 * (hub.ts) and their checks made together (session-checks.ts), so the cost of a change does not
 * grow with the number of browsers faster than one write each.
 */
export function liveRoutes(app: FastifyInstance, bus: LiveBus, opts: LiveOptions): void {
  const recheckMs = opts.recheckMs ?? 1000;
  const checks = new SessionChecks(opts.db, opts.now, opts.demoMode, recheckMs, (error) => app.log.error({ err: error }, 'live stream: session check failed'));
  const hub = new LiveHub(bus, checks, opts.flushMs ?? 250, opts.pingMs ?? 25_000);
  app.addHook('onClose', async () => hub.close());
  app.get('/api/stream', { schema: { tags: ['实时'], summary: '工单变更推送（Server-Sent Events）' } }, (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE]!;
    checks.open(sid, request.actor!);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    let open = true;
    const stream: LiveStream = {
      sid,
      write: (text) => {
        if (open) res.write(text);
      },
      // a last word the page understands: sign in again (EventSource would otherwise reconnect)
      end: () => {
        if (!open) return;
        open = false;
        checks.close(sid);
        res.end('event: signed-out\ndata: {}\n\n');
      },
    };
    hub.add(stream);
    request.raw.on('close', () => {
      hub.remove(stream);
      if (open) checks.close(sid);
      open = false;
    });
  });
}
