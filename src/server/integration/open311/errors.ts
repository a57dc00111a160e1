import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { toXml } from './xml.ts';

/** GeoReport v2's error answer: `[{ code, description }]`, in the format the URL asked for. */
export class Open311Error extends Error {
  override name = 'Open311Error';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const open311Error = (status: number, message: string) => new Open311Error(status, message);

export type Format = 'json' | 'xml';

/** The format a URL asks for: `….xml` is XML, anything else JSON. */
export const formatOfUrl = (url: string): Format => (/\.xml$/i.test(url.split('?')[0]!) ? 'xml' : 'json');

const ITEM: Record<string, string> = {
  errors: 'error', endpoints: 'endpoint', formats: 'format', services: 'service', service_requests: 'request', attributes: 'attribute', values: 'value',
};
export const itemOf = (parent: string) => ITEM[parent] ?? 'item';

/** Sends a GeoReport answer: JSON as is, XML under `root` with UTF-8 declared. */
export function send(reply: FastifyReply, format: Format, root: string, value: unknown) {
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value as never, itemOf));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** Any error in the Open311 scope, said in the spec's format (never the platform's own JSON shape). */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  let status = 500;
  let description = '服务器内部错误';
  if (error instanceof Open311Error || error instanceof AppError) {
    status = error.status;
    description = error.message;
  } else {
    const e = error as { statusCode?: number; validation?: unknown; message?: string };
    if (e.statusCode && e.statusCode < 500) {
      status = e.statusCode;
      description = e.statusCode === 415 ? '不支持的请求格式（请用 application/x-www-form-urlencoded 或 application/json）' : '请求格式不正确';
    } else request.log.error({ err: error }, 'open311 error');
  }
  if (status === 429 && error instanceof AppError) {
    const retry = (error.details as { retryAfter?: number } | undefined)?.retryAfter;
    if (retry) reply.header('retry-after', String(retry));
  }
  reply.status(status);
  return send(reply, formatOfUrl(request.url), 'errors', [{ code: status, description }]);
}
