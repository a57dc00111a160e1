import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';
import { AppError } from '../http/errors.ts';
import { keepRawJsonBody, type RawBodyRequest } from '../http/raw-body.ts';
import { recordTelephonyEvent } from './record.ts';
import { telephonyEventSchema } from './schemas.ts';
import { checkTelephonySignature, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from './signature.ts';

/**
 * 话务事件: the telephone platform (ACD/IVR/recording) posts each call event here (issue 14). No
 * session: the platform signs `${timestamp}.${raw body}` with TELEPHONY_EVENTS_SECRET (HMAC-SHA256,
 * src/server/telephony/signature.ts); a timestamp more than 5 minutes off the app's clock is a
 * replay. Unconfigured, the route is off (404), like /api/sms/inbound. Numbers are never logged.
 */
export async function telephonyEventRoutes(app: FastifyInstance, ctx: AppContext, secret: string | undefined): Promise<void> {
  await app.register(async (scope) => {
    // the signature is over the bytes sent: keep them beside the parsed body
    keepRawJsonBody(scope);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/telephony/events',
      {
        config: { public: true },
        schema: {
          tags: ['话务'],
          summary: '话务事件（电话平台推送：振铃、接听、转接、三方、挂机、放弃、坐席状态；HMAC-SHA256 签名）',
          description:
            `请求头 ${TELEPHONY_TIMESTAMP_HEADER}: Unix 秒；${TELEPHONY_SIGNATURE_HEADER}: sha256=<HMAC-SHA256(TELEPHONY_EVENTS_SECRET, 时间戳 + "." + 原始请求体) 的十六进制>。` +
            '时间戳与服务器时间相差超过 5 分钟视为重放（401）。同一通话同一事件只记一次（重复推送返回 duplicate: true）。',
          security: [],
          body: telephonyEventSchema,
        },
        // the signature is checked before the body's schema: an unsigned caller learns nothing of it
        preValidation: async (request) => {
          if (!secret) throw new AppError(404, 'telephony_events_off', '话务事件接口未启用：未配置电话平台密钥（TELEPHONY_EVENTS_SECRET）');
          const check = checkTelephonySignature(
            secret,
            (request as RawBodyRequest).rawBody ?? '',
            { signature: request.headers[TELEPHONY_SIGNATURE_HEADER] as string | undefined, timestamp: request.headers[TELEPHONY_TIMESTAMP_HEADER] as string | undefined },
            ctx.now(),
          );
          if (check === 'stale_timestamp') throw new AppError(401, 'stale_timestamp', '时间戳超出允许范围（±5 分钟），疑似重放');
          if (check !== 'ok') throw new AppError(401, 'bad_signature', '签名无效');
        },
      },
      async (request) => recordTelephonyEvent(ctx, request.body),
    );
  });
}
