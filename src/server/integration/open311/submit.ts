import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app.ts';
import type { LoginLimits } from '../../auth/throttle.ts';
import { audit } from '../../audit/record.ts';
import { AppError } from '../../http/errors.ts';
import { isStorableText } from '../../http/input-guard.ts';
import type { Db } from '../../db/connection.ts';
import { createTicket } from '../../tickets/create.ts';
import { ensureSequence } from '../../tickets/numbering.ts';
import { MAX_CONTENT } from '../../tickets/schemas.ts';
import { actorForKey } from '../api-keys/authenticate.ts';
import { open311Error } from './errors.ts';
import { serviceByCode } from './services.ts';

type Fields = Record<string, unknown>;

const str = (f: Fields, k: string, max: number): string | undefined => {
  const v = f[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw open311Error(400, `${k} 格式不正确`);
  const s = String(v).trim();
  if (!isStorableText(s)) throw open311Error(400, `${k} 含无法识别的字符`);
  if (s.length > max) throw open311Error(400, `${k} 过长（最多 ${max} 字）`);
  return s || undefined;
};

function coordinate(f: Fields, k: 'lat' | 'long'): number | undefined {
  const s = str(f, k, 30);
  if (s === undefined) return undefined;
  const n = Number(s);
  const limit = k === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw open311Error(400, `${k} 应为 -${limit} 到 ${limit} 之间的数`);
  return n;
}

/** A mainland mobile or landline as the hotline stores it; +86 and separators dropped. */
function phoneOf(f: Fields): string | undefined {
  const s = str(f, 'phone', 30);
  if (s === undefined) return undefined;
  const digits = s.replace(/[\s()-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^[0-9+]{5,20}$/.test(digits)) throw open311Error(400, 'phone 格式不正确');
  return digits;
}

/**
 * POST requests: a request filed by an app (api_key with the open311 scope) becomes a ticket on
 * the 'open311' channel, registered like a portal submission — it waits in the dispatcher's queue
 * (待派单) and its Open311 status follows the ticket. The key's system account is audited as the
 * filer; the caller's name and phone, when given, are kept sealed as any caller's (src/server/privacy).
 */
export async function submitRequest(ctx: AppContext, f: Fields, at: { bearer: string | null; ip: string; limits: LoginLimits }) {
  const apiKey = str(f, 'api_key', 200) ?? at.bearer;
  if (!apiKey) throw open311Error(400, 'api_key 未提供（向热线中心申请带 open311 权限的 API 密钥）');
  let auth;
  try {
    auth = await actorForKey(ctx.db, apiKey, { now: ctx.now(), ip: at.ip, limits: at.limits });
  } catch (error) {
    if (error instanceof AppError && error.status === 401) throw open311Error(403, 'api_key 无效或已吊销');
    throw error;
  }
  if (!auth.key.scopes.includes('open311')) throw open311Error(403, '该 api_key 没有 open311 权限');

  const code = str(f, 'service_code', 50);
  if (!code) throw open311Error(400, 'service_code 未提供');
  const service = serviceByCode(code);
  if (!service) throw open311Error(400, `service_code 不存在：${code}`);
  const description = str(f, 'description', MAX_CONTENT);
  if (!description) throw open311Error(400, 'description 未提供');
  const lat = coordinate(f, 'lat');
  const long = coordinate(f, 'long');
  if ((lat === undefined) !== (long === undefined)) throw open311Error(400, 'lat 和 long 须同时提供');
  const address = str(f, 'address_string', 300);
  if (!address && lat === undefined) throw open311Error(400, '须提供位置：address_string 或 lat/long');
  const mediaUrl = str(f, 'media_url', 1000);
  if (mediaUrl && !/^https?:\/\/\S+$/i.test(mediaUrl)) throw open311Error(400, 'media_url 应为 http(s) 地址');
  const phone = phoneOf(f);
  const name = [str(f, 'last_name', 25), str(f, 'first_name', 25)].filter(Boolean).join('') || undefined;
  const email = str(f, 'email', 200);
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw open311Error(400, 'email 格式不正确');

  const now = ctx.now();
  const token = randomBytes(16).toString('base64url');
  // the ticket and its Open311 row in one transaction: createTicket runs on the transaction's connection
  // (the day's number sequence made first, outside it: a race to create it must not abort the transaction)
  await ensureSequence(ctx.db, now);
  const created = await ctx.db.transaction(async (tx) => {
    const inTx: Db = { ...ctx.db, query: (text, params) => tx.query(text, params), transaction: (fn) => fn(tx) };
    // no classifier: the service names the category, and a model loaded from the pool here would wait
    // on this very transaction (PGlite has one connection)
    const made = await createTicket({ ...ctx, db: inTx, classifier: null }, null, {
      channel: 'open311',
      // without a phone the hotline cannot call back: the request is anonymous, like the portal's
      caller: phone ? { phone, ...(name ? { name } : {}) } : {},
      anonymous: !phone,
      content: description,
      type: 'help',
      urgency: 'normal',
      address: address ?? `经纬度 ${lat},${long}`,
      category: service.category,
      confidential: false,
      complex: false,
      attachments: [],
    });
    await tx.query(
      `INSERT INTO open311_requests (ticket_id, token, service_code, lat, long, address_string, media_url, email, key_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [made.id, token, code, lat ?? null, long ?? null, address ?? null, mediaUrl ?? null, ctx.vault.seal(email ?? null), auth.key.id, new Date(now)],
    );
    await audit(tx, { action: 'open311.submit', at: now, actor: auth.actor, objectType: 'ticket', objectId: made.id, ticketId: made.id, detail: { serviceCode: code } });
    return made;
  });
  const { rows } = await ctx.db.query<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [created.id]);
  return { service_request_id: rows[0]!.number, token, service_notice: '诉求已受理，热线中心将尽快派单办理', account_id: null };
}
