import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** A request whose JSON body was also kept as it was sent (keepRawJsonBody). */
export type RawBodyRequest = FastifyRequest & { rawBody?: string };

/**
 * Signed webhooks (the SMS gateway, the telephone platform) sign the bytes they send, not the JSON
 * they mean: within `scope`, a JSON body is parsed as usual and its text kept on `request.rawBody`
 * for the signature check. Bad JSON is a 400 in the project's shape.
 */
export function keepRawJsonBody(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as RawBodyRequest).rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError(400, 'bad_json', '请求体不是有效的 JSON'), undefined);
    }
  });
}
