import type { Role } from '../vocabulary.ts';

/**
 * What a system account's key may reach (issue 15 item 1). Units' own systems share data with the
 * hotline in real time (重庆 第二十一条, 凉山 第十八条 信息共享); each key carries only the scopes it needs,
 * and its account's unit bounds what it sees exactly as a person's unit does (core/access/relation.ts).
 */
export const SCOPES = ['tickets:read', 'tickets:write', 'open311', 'exchange', 'analytics:read', 'kb:write', 'webhooks'] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_LABELS: Record<Scope, string> = {
  'tickets:read': '读取工单',
  'tickets:write': '登记与办理工单',
  open311: 'Open311 提交诉求',
  exchange: '上级平台交换（交办工单）',
  'analytics:read': '读取统计分析',
  // 凉山 第六条（二） 知识库实时共享 (server/kb/feed.ts)
  'kb:write': '推送知识条目',
  // a unit's system subscribes itself to its tickets' events (issue 15 item 2: server/integration/webhooks)
  webhooks: '订阅本单位的 Webhook 推送',
};

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

/**
 * The scope a key needs for one route (Fastify's route pattern), or null: not open to keys at all.
 * Everything not listed — administration, the audit log, accounts, exports of callers — stays with
 * people who sign in. At the center a key may register requests but take no action on a ticket:
 * dispatch, refusal and referral stay a person's judgement; a unit's key handles its own shares.
 */
export function scopeForRoute(method: string, route: string, atCenter: boolean): Scope | 'any' | null {
  if (route === '/api/me' && method === 'GET') return 'any';
  if (method === 'GET' && (route === '/api/tickets' || route === '/api/tickets/changes' || route === '/api/tickets/:id' || route === '/api/tickets/:id/attachments')) return 'tickets:read';
  if (method === 'POST' && route === '/api/tickets') return 'tickets:write';
  if (method === 'POST' && route.startsWith('/api/tickets/:id/actions/')) return atCenter ? null : 'tickets:write';
  if (method === 'GET' && route.startsWith('/api/analytics/')) return 'analytics:read';
  // 上级平台交办 (凉山 第八条（二）): the platform's system account posts orders, nothing else
  if (method === 'POST' && route === '/api/exchange/:platform/orders') return 'exchange';
  // 转办至其他平台: the peer's reports on the tickets transferred to it (重庆 第八条（二）)
  if (method === 'POST' && route === '/api/exchange/peers/:peer/reports') return 'exchange';
  // 省市两级数据通道: a city's monthly indicators to its province (四川 (sichuan-2021) 二)
  if (method === 'POST' && route === '/api/exchange/peers/:peer/indicators') return 'exchange';
  if (route === '/api/kb/feed/:externalId') return 'kb:write';
  if (route === '/api/webhooks' || route.startsWith('/api/webhooks/')) return 'webhooks';
  return null;
}

/**
 * The roles a key acts with: the least that lets its scopes work. Writing at the center registers
 * requests as an agent does (not dispatching: that stays a person's judgement); writing in a unit
 * handles its share as a handler. Reading needs no role (the unit alone decides what is seen).
 */
export function rolesForScopes(scopes: readonly Scope[], atCenter: boolean): Role[] {
  const roles = new Set<Role>();
  if (scopes.includes('tickets:write')) roles.add(atCenter ? 'agent' : 'handler');
  if (scopes.includes('analytics:read')) roles.add(atCenter ? 'analyst' : 'leader');
  return [...roles];
}
