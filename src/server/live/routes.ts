import type { FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { Queryable } from '../db/connection.ts';
import type { CallPop, LiveBus, TicketChange } from './bus.ts';
import { SessionChecks } from './session-checks.ts';

export interface LiveOptions {
  db: Queryable;
  now: () => number;
  demoMode: boolean;
  /** How long a session check stands before the next event checks again (ms). */
  recheckMs?: number;
  /** Comment lines that keep proxies from closing an idle stream, and check the session (ms). */
  pingMs?: number;
}

/**
 * GET /api/stream: server-sent events of ticket changes the signed-in user may see.
 *
 * A stream outlives the request that opened it, so it does not trust the actor of that moment: the
 * session is read again before an event goes out (at most once per `recheckMs`) and at each ping.
 * A user signed out or disabled, or a session revoked, gets nothing more and the stream ends; a
 * user moved to another unit gets that unit's changes from then on. The checks of all streams are
 * made together (session-checks.ts), so their cost does not grow with the number of browsers.
 */
export function liveRoutes(app: FastifyInstance, bus: LiveBus, opts: LiveOptions): void {
  const recheckMs = opts.recheckMs ?? 1000;
  const pingMs = opts.pingMs ?? 25_000;
  const checks = new SessionChecks(opts.db, opts.now, opts.demoMode, recheckMs, (error) => app.log.error({ err: error }, 'live stream: session check failed'));
  app.get('/api/stream', { schema: { tags: ['实时'], summary: '工单变更推送（Server-Sent Events）' } }, (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE]!;
    let ended = false;
    checks.open(sid, request.actor!);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');

    const current = async (force: boolean): Promise<Actor | null> => {
      const actor = await checks.actor(sid, force);
      if (!actor) end();
      return actor;
    };
    // events go out in the order they happened, each after the check before it
    let queue = Promise.resolve();
    const onChange = (c: TicketChange) => {
      queue = queue.then(async () => {
        const a = await current(false);
        if (!a || ended) return;
        if (!a.isCenter && !c.units.some((u) => u.startsWith(a.unit.path))) return;
        res.write(`event: ticket\ndata: ${JSON.stringify({ ticketId: c.ticketId, status: c.status })}\n\n`);
      });
    };
    // a call ringing at this user's extension (screen pop): to that user only, never to a colleague
    const onCall = (c: CallPop) => {
      queue = queue.then(async () => {
        const a = await current(false);
        if (!a || ended || a.id !== c.userId) return;
        res.write(`event: call\ndata: ${JSON.stringify({ callId: c.callId })}\n\n`);
      });
    };
    const ping = setInterval(() => {
      queue = queue.then(async () => {
        if ((await current(true)) && !ended) res.write(': ping\n\n');
      });
    }, pingMs);
    function end() {
      if (ended) return;
      ended = true;
      clearInterval(ping);
      bus.off('change', onChange);
      bus.off('call', onCall);
      checks.close(sid);
      // a last word the page understands: sign in again (EventSource would otherwise reconnect)
      res.end('event: signed-out\ndata: {}\n\n');
    }
    bus.on('change', onChange);
    bus.on('call', onCall);
    request.raw.on('close', () => {
      if (!ended) checks.close(sid);
      ended = true;
      clearInterval(ping);
      bus.off('change', onChange);
      bus.off('call', onCall);
    });
  });
}
