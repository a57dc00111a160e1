import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { HIDDEN, scrubLogText, scrubUrl } from './scrub.ts';

/** Where log lines go: stdout by default; a test hands in a memory stream. */
export interface LogSetting {
  level?: string;
  stream?: { write(line: string): void };
}

/**
 * Fastify's pino logger, one JSON line per event with the request id. Nothing personal reaches a
 * line: cookies and credentials are censored, the portal's query code is cut from logged URLs, and
 * every line passes a last scrub that masks phones and codes wherever they are (an error message, a
 * note) — logs are read by more people than may see a caller's number.
 */
export function loggerOptions(setting: boolean | LogSetting | undefined): FastifyServerOptions['logger'] {
  if (!setting) return false;
  const s = setting === true ? {} : setting;
  return {
    level: s.level ?? 'info',
    ...(s.stream ? { stream: s.stream } : {}),
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'],
      censor: HIDDEN,
    },
    serializers: {
      req: (req: FastifyRequest | IncomingMessage) => ({
        method: req.method,
        url: scrubUrl(req.url ?? ''),
        host: 'host' in req ? req.host : undefined,
        remoteAddress: 'ip' in req ? req.ip : undefined,
      }),
    },
    hooks: { streamWrite: scrubLogText },
  } as FastifyServerOptions['logger'];
}

const GOOD_ID = /^[\w.:-]{1,64}$/;

/** A proxy's X-Request-Id when it looks like one (so lines match across hops), else a fresh UUID. */
export function genReqId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && GOOD_ID.test(given) ? given : randomUUID();
}

/** Every answer names its request id: what a user reads out to support finds the log lines. */
export function echoRequestId(app: FastifyInstance): void {
  // a callback, not an async hook: no promise on every request for a header
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
