import { randomBytes } from 'node:crypto';
import { isWebhookKind, WEBHOOK_KINDS, type WebhookKind } from '../../../core/webhooks/kinds.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Db, Queryable } from '../../db/connection.ts';
import { notFound } from '../../http/errors.ts';
import type { Vault } from '../../privacy/vault.ts';

/**
 * Webhook subscriptions (issue 15 item 2): a unit's system is told of its tickets' events as they
 * happen (重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五） 信息共享). Each subscription names a unit: it hears only
 * of the tickets a person of that unit may read, and sees the caller as they would. Its reads go
 * through a service account of that unit (users.kind = 'service', never signs in), so the audit log
 * and the access log record them as they record a person's.
 */

/** A refusal said to the administrator (422), in Chinese. */
export class WebhookError extends Error {
  override name = 'WebhookError';
}

export interface SubscriptionView {
  id: string;
  name: string;
  url: string;
  unit: { id: string; name: string };
  kinds: WebhookKind[];
  secretLabel: string;
  state: 'active' | 'paused';
  pausedAt: Date | null;
  pausedReason: string | null;
  pausedByName: string | null;
  autoPaused: boolean;
  consecutiveFailures: number;
  createdAt: Date;
  updatedAt: Date;
  pending: number;
  failed: number;
  lastDeliveredAt: Date | null;
}

export interface SubscriptionRow {
  id: string; name: string; url: string; unit_id: string; unit_name: string; unit_path: string; unit_kind: string;
  account_id: string; account_username: string; kinds: string[]; secret: string; secret_label: string;
  state: 'active' | 'paused'; paused_at: Date | null; paused_reason: string | null; paused_by_name: string | null;
  auto_paused: boolean; consecutive_failures: number; created_at: Date; updated_at: Date;
}

export const SUBSCRIPTION_SELECT = `SELECT s.*, un.name AS unit_name, un.path AS unit_path, un.kind AS unit_kind, u.username AS account_username
  FROM webhook_subscriptions s JOIN units un ON un.id = s.unit_id JOIN users u ON u.id = s.account_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The actor a subscription reads tickets as: its service account, in its unit, with no role. */
export function subscriptionActor(s: SubscriptionRow): Actor {
  return {
    id: s.account_id,
    username: s.account_username,
    displayName: s.name,
    roles: [],
    unit: { id: s.unit_id, name: s.unit_name, path: s.unit_path, kind: s.unit_kind },
    isCenter: s.unit_kind === 'center',
    mustChangePassword: false,
    totpEnabled: false,
  };
}

/** An address the platform will post to: http(s), a host, no credentials in it. */
export function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new WebhookError('接收地址不是有效的 URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookError('接收地址须以 http:// 或 https:// 开头');
  if (url.username || url.password) throw new WebhookError('接收地址中不能包含用户名或密码（请用签名密钥验证来源）');
  if (url.hash) throw new WebhookError('接收地址不能包含 # 片段');
  return url.toString();
}

export function checkKinds(kinds: readonly string[]): WebhookKind[] {
  const list = [...new Set(kinds.map((k) => k.trim()).filter(Boolean))];
  if (!list.length) throw new WebhookError('至少选择一种事件');
  const unknown = list.filter((k) => !isWebhookKind(k));
  if (unknown.length) throw new WebhookError(`未知事件类型：${unknown.join('、')}（可用：${WEBHOOK_KINDS.join(', ')}）`);
  return list as WebhookKind[];
}

function checkName(text: string): string {
  const name = text.trim();
  if (!name || [...name].length > 50) throw new WebhookError('名称为 1–50 个字');
  return name;
}

/**
 * Whose subscriptions a caller keeps: null for an administrator (all of them); for a system
 * account's key with the webhooks scope, its unit's path — its own unit's and its sub-units' only.
 */
export type Keeper = string | null;
const kept = (path: string, within: Keeper) => within === null || path.startsWith(within);

async function unitFor(q: Queryable, id: string | undefined, within: Keeper, by: Actor): Promise<{ id: string; name: string }> {
  // a key's subscriptions are its own unit's unless it names one below it
  const wanted = id ?? (within === null ? undefined : by.unit.id);
  if (wanted) {
    if (!UUID.test(wanted)) throw new WebhookError(`单位不存在：${wanted}`);
    const { rows } = await q.query<{ id: string; name: string; path: string }>('SELECT id, name, path FROM units WHERE id = $1 AND active', [wanted]);
    if (!rows[0]) throw new WebhookError('单位不存在或已停用');
    if (!kept(rows[0].path, within)) throw new WebhookError('只能为本单位及下级单位订阅');
    return rows[0];
  }
  const { rows } = await q.query<{ id: string; name: string }>("SELECT id, name FROM units WHERE kind = 'center' ORDER BY path LIMIT 1");
  if (!rows[0]) throw new WebhookError('没有热线中心单位');
  return rows[0];
}

const present = (r: SubscriptionRow & { pending?: string | number; failed?: string | number; last_delivered_at?: Date | null }): SubscriptionView => ({
  id: r.id, name: r.name, url: r.url, unit: { id: r.unit_id, name: r.unit_name }, kinds: r.kinds.filter(isWebhookKind),
  secretLabel: r.secret_label, state: r.state, pausedAt: r.paused_at, pausedReason: r.paused_reason, pausedByName: r.paused_by_name,
  autoPaused: r.auto_paused, consecutiveFailures: r.consecutive_failures, createdAt: r.created_at, updatedAt: r.updated_at,
  pending: Number(r.pending ?? 0), failed: Number(r.failed ?? 0), lastDeliveredAt: r.last_delivered_at ?? null,
});

const WITH_COUNTS = `SELECT x.*,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = x.id AND d.state = 'pending') AS pending,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = x.id AND d.state = 'failed') AS failed,
    (SELECT max(delivered_at) FROM webhook_deliveries d WHERE d.subscription_id = x.id) AS last_delivered_at
  FROM (${SUBSCRIPTION_SELECT}) x`;

export async function listSubscriptions(q: Queryable, within: Keeper = null): Promise<SubscriptionView[]> {
  const { rows } = await q.query<SubscriptionRow>(`${WITH_COUNTS} WHERE starts_with(x.unit_path, $1) ORDER BY x.created_at DESC`, [within ?? '']);
  return rows.map(present);
}

/** One subscription, if the caller keeps it; else 404, as if it did not exist. */
export async function getSubscription(q: Queryable, id: string, within: Keeper = null): Promise<SubscriptionView> {
  if (!UUID.test(id)) throw notFound('订阅不存在');
  const { rows } = await q.query<SubscriptionRow>(`${WITH_COUNTS} WHERE x.id = $1`, [id]);
  if (!rows[0] || !kept(rows[0].unit_path, within)) throw notFound('订阅不存在');
  return present(rows[0]);
}

async function lockSubscription(tx: Queryable, id: string, within: Keeper): Promise<SubscriptionRow> {
  if (!UUID.test(id)) throw notFound('订阅不存在');
  const { rows } = await tx.query<SubscriptionRow>(`${SUBSCRIPTION_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
  if (!rows[0] || !kept(rows[0].unit_path, within)) throw notFound('订阅不存在');
  return rows[0];
}

export interface NewSubscription {
  name: string;
  url: string;
  kinds: readonly string[];
  unitId?: string;
}

/** The signing secret: 32 random bytes, shown once; kept sealed because signing needs it whole. */
function newSecret(): { secret: string; label: string } {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return { secret, label: `${secret.slice(0, 10)}…` };
}

/**
 * A subscription and its service account, in one transaction with the audit record. Returns the
 * signing secret: the only time it is shown.
 */
export async function createSubscription(db: Db, vault: Vault, s: NewSubscription, by: Actor, now: number, within: Keeper = null): Promise<{ secret: string; view: SubscriptionView }> {
  const name = checkName(s.name);
  const url = checkUrl(s.url);
  const kinds = checkKinds(s.kinds);
  const { id, secret } = await db.transaction(async (tx) => {
    const unit = await unitFor(tx, s.unitId, within, by);
    const { secret, label } = newSecret();
    const { rows: acct } = await tx.query<{ id: string }>(
      `INSERT INTO users (username, display_name, unit_id, roles, password_hash, kind) VALUES ($1, $2, $3, '{}', '!', 'service') RETURNING id`,
      [`svc.webhook.${randomBytes(6).toString('hex')}`, `Webhook：${name}`, unit.id],
    );
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO webhook_subscriptions (name, url, unit_id, account_id, kinds, secret, secret_label, created_at, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING id`,
      [name, url, unit.id, acct[0]!.id, kinds, vault.seal(secret), label, new Date(now), by.id],
    );
    await audit(tx, { action: 'webhook.create', at: now, actor: by, objectType: 'webhook', objectId: rows[0]!.id, detail: { name, url, kinds, unit: unit.name, secret: label } });
    return { id: rows[0]!.id, secret };
  });
  return { secret, view: await getSubscription(db, id, within) };
}

export interface SubscriptionChange {
  name?: string;
  url?: string;
  kinds?: readonly string[];
}

/** Name, address or kinds changed; the unit stays (a different unit is a different subscriber: make a new one). */
export async function editSubscription(db: Db, id: string, c: SubscriptionChange, by: Actor, now: number, within: Keeper = null): Promise<SubscriptionView> {
  const fields: Record<string, unknown> = {};
  if (c.name !== undefined) fields.name = checkName(c.name);
  if (c.url !== undefined) fields.url = checkUrl(c.url);
  if (c.kinds !== undefined) fields.kinds = checkKinds(c.kinds);
  if (!Object.keys(fields).length) throw new WebhookError('没有要修改的内容');
  await db.transaction(async (tx) => {
    const old = await lockSubscription(tx, id, within);
    const keys = Object.keys(fields);
    await tx.query(`UPDATE webhook_subscriptions SET ${keys.map((k, i) => `${k} = $${i + 3}`).join(', ')}, updated_at = $2 WHERE id = $1`, [id, new Date(now), ...keys.map((k) => fields[k])]);
    if (fields.name) await tx.query('UPDATE users SET display_name = $2 WHERE id = $1', [old.account_id, `Webhook：${String(fields.name)}`]);
    const before = Object.fromEntries(keys.map((k) => [k, old[k as keyof SubscriptionRow]]));
    await audit(tx, { action: 'webhook.edit', at: now, actor: by, objectType: 'webhook', objectId: id, detail: { name: old.name, before, after: fields } });
  });
  return getSubscription(db, id, within);
}

/** Stops deliveries; new events still wait as pending deliveries, sent once resumed. */
export async function pauseSubscription(db: Db, id: string, reason: string | undefined, by: Actor, now: number, within: Keeper = null): Promise<SubscriptionView> {
  await db.transaction(async (tx) => {
    const s = await lockSubscription(tx, id, within);
    if (s.state === 'paused') throw new WebhookError('该订阅已暂停');
    const why = reason?.trim() || '管理员暂停';
    await tx.query(
      `UPDATE webhook_subscriptions SET state = 'paused', paused_at = $2, paused_reason = $3, paused_by_name = $4, auto_paused = false, updated_at = $2 WHERE id = $1`,
      [id, new Date(now), why, by.displayName],
    );
    await audit(tx, { action: 'webhook.pause', at: now, actor: by, objectType: 'webhook', objectId: id, detail: { name: s.name, reason: why } });
  });
  return getSubscription(db, id, within);
}

/** Deliveries start again at once: the waiting ones are due now, and the failure count starts over. */
export async function resumeSubscription(db: Db, id: string, by: Actor, now: number, within: Keeper = null): Promise<SubscriptionView> {
  await db.transaction(async (tx) => {
    const s = await lockSubscription(tx, id, within);
    if (s.state === 'active') throw new WebhookError('该订阅未暂停');
    await tx.query(
      `UPDATE webhook_subscriptions SET state = 'active', paused_at = NULL, paused_reason = NULL, paused_by_name = NULL, auto_paused = false, consecutive_failures = 0, updated_at = $2 WHERE id = $1`,
      [id, new Date(now)],
    );
    await tx.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE subscription_id = $1 AND state = 'pending'`, [id, new Date(now)]);
    await audit(tx, { action: 'webhook.resume', at: now, actor: by, objectType: 'webhook', objectId: id, detail: { name: s.name, was: s.paused_reason } });
  });
  return getSubscription(db, id, within);
}
