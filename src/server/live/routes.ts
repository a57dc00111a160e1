import type { FastifyInstance } from 'fastify';
import type { LiveBus, TicketChange } from './bus.ts';

/** GET /api/stream: server-sent events of ticket changes the signed-in user may see. */
export function liveRoutes(app: FastifyInstance, bus: LiveBus): void {
  app.get('/api/stream', { schema: { tags: ['实时'], summary: '工单变更推送（Server-Sent Events）' } }, (request, reply) => {
    const actor = request.actor!;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    const onChange = (c: TicketChange) => {
      if (!actor.isCenter && !c.units.some((u) => u.startsWith(actor.unit.path))) return;
      res.write(`event: ticket\ndata: ${JSON.stringify({ ticketId: c.ticketId, status: c.status })}\n\n`);
    };
    bus.on('change', onChange);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    request.raw.on('close', () => {
      clearInterval(ping);
      bus.off('change', onChange);
    });
  });
}
