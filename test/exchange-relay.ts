import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './helpers.ts';

/**
 * A local HTTP relay in front of one test instance, for the exchange between instances (peer-exchange,
 * province-exchange): it passes each request on to the instance (app.inject) and can be down (503,
 * nothing passed on) or lose the answer (passed on, 502 back), request by request.
 */
export type RelayMode = 'up' | 'down' | 'lose';
export interface Relay {
  server: Server;
  url: string;
  target: TestApp | null;
  /** The next requests' fate, first first; 'up' when empty. */
  modes: RelayMode[];
  seen: Array<{ url: string; status: number; body: string }>;
  close(): Promise<void>;
}

export function relay(): Promise<Relay> {
  const r: Relay = { server: createServer(), url: '', target: null, modes: [], seen: [], close: () => new Promise((done) => r.server.close(() => done())) };
  r.server.on('request', (req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        const mode = r.modes.shift() ?? 'up';
        if (mode === 'down' || !r.target) {
          r.seen.push({ url: req.url!, status: 503, body });
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"维护中"}');
          return;
        }
        const answer = await r.target.app.inject({
          method: req.method as 'POST',
          url: req.url!,
          remoteAddress: '10.60.0.1',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
          payload: body,
        });
        r.seen.push({ url: req.url!, status: mode === 'lose' ? 502 : answer.statusCode, body });
        if (mode === 'lose') res.writeHead(502).end();
        else res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(answer.body);
      })();
    });
  });
  return new Promise((done) =>
    r.server.listen(0, '127.0.0.1', () => {
      r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
      done(r);
    }),
  );
}
