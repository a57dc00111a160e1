import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { CalendarRangeError } from '../../core/calendar/calendar.ts';
import { DateInputError } from '../../core/calendar/civil-date.ts';
import { PolicyError } from '../../core/policy/errors.ts';

/** An error with an HTTP status and a stable code; the message is for the user, in Chinese. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const invalid = (message: string, details?: unknown) => new AppError(422, 'invalid', message, details);
export const unauthorized = (message = '请先登录') => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (message: string) => new AppError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const locked = (message: string) => new AppError(423, 'locked', message);

function zodMessage(error: ZodError): { message: string; details: unknown } {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  return {
    message: first ? `${first.path ? `${first.path}：` : ''}${first.message}` : '输入不合规',
    details: issues,
  };
}

/** The one place where errors become HTTP answers: 4xx with a Chinese message, never a raw 500. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'server error');
      return reply.status(error.status).send({ error: error.code, message: error.message, details: error.details });
    }
    if (error instanceof PolicyError) {
      return reply.status(422).send({ error: error.code, message: error.message });
    }
    // A date that got past the schemas (a clock moved beyond the calendar's years) is still bad input.
    if (error instanceof CalendarRangeError || error instanceof DateInputError) {
      return reply.status(422).send({ error: 'invalid_date', message: error.message });
    }
    if (error instanceof ZodError) {
      const { message, details } = zodMessage(error);
      return reply.status(422).send({ error: 'invalid', message, details });
    }
    const fe = error as FastifyError & { validation?: unknown; validationContext?: string };
    if (fe.validation) {
      const cause = (fe as { cause?: unknown }).cause;
      const issues = Array.isArray(fe.validation) ? (fe.validation as Array<{ instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }>) : [];
      const details = issues.map((v) => ({
        path: (v.params?.issue?.path ?? []).join('.') || (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.'),
        message: v.message ?? '输入不合规',
      }));
      const first = details[0];
      const where = fe.validationContext === 'querystring' ? '查询参数' : fe.validationContext === 'params' ? '路径参数' : '';
      const message = first ? `${where}${first.path ? `${first.path}：` : ''}${first.message}` : '输入不合规';
      void cause;
      return reply.status(422).send({ error: 'invalid', message, details });
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send({ error: 'bad_json', message: '请求体不是合法的 JSON' });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        // An attachment over the limit is a refused input like any other (422), with the limit named.
        if (request.url.startsWith('/api/attachments')) {
          return reply.status(422).send({ error: 'invalid', message: '附件不能超过 20 MB' });
        }
        return reply.status(413).send({ error: 'too_large', message: '请求体过大' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send({ error: 'unsupported_media_type', message: '不支持的内容类型，请使用 application/json' });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.status(400).send({ error: 'bad_request', message: '请求长度与内容不符' });
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: 'bad_request', message: `请求有误：${fe.message}` });
    }
    // every 5xx is logged with its stack and the request id (the child logger carries reqId)
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal', message: '服务器内部错误，请稍后重试' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'not_found', message: `没有这个地址：${request.method} ${request.url}` });
  });
}
