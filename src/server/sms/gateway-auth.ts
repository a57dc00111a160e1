import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import { AppError } from '../http/errors.ts';
import type { RawBodyRequest } from '../http/raw-body.ts';
import { checkTelephonySignature, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../telephony/signature.ts';

/**
 * The SMS gateway's posts (replies, delivery reports) are signed as the telephone platform's events
 * (telephony/signature.ts): HMAC-SHA256 with SMS_INBOUND_SECRET over `${timestamp}.${raw body}`, the
 * timestamp (Unix seconds) within 5 minutes of the app's clock. Checked before the body's schema, so
 * an unsigned caller learns nothing of it; unconfigured, the route is off (404, not a 5xx: the fuzz
 * test holds every route to that).
 */
export function gatewaySignature(ctx: AppContext, secret: string | undefined, off: { code: string; message: string }) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!secret) throw new AppError(404, off.code, off.message);
    const check = checkTelephonySignature(
      secret,
      (request as RawBodyRequest).rawBody ?? '',
      { signature: request.headers[TELEPHONY_SIGNATURE_HEADER] as string | undefined, timestamp: request.headers[TELEPHONY_TIMESTAMP_HEADER] as string | undefined },
      ctx.now(),
    );
    if (check === 'bad_signature') throw new AppError(401, 'bad_signature', '签名无效');
    if (check === 'stale_timestamp') throw new AppError(401, 'stale_timestamp', '时间戳超出 5 分钟：疑似重放，已拒绝');
  };
}
