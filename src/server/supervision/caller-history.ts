import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import type { Actor } from '../auth/actor.ts';
import { recordRead } from '../audit/record.ts';

/**
 * 来电人历史: the caller's earlier tickets and flags, for the center's desk — typed in
 * (GET /api/callers/:phone) or popped up with a call (src/server/telephony/calls.ts). The lookup is
 * on the access log, one record per ticket shown.
 */
export async function callerHistory(ctx: AppContext, actor: Actor, phone: string) {
  const { rows } = await ctx.db.query<{ id: string; number: string; status: string; type: string; title: string | null; excerpt: string; created_at: Date }>(
    `SELECT id, number, status, type, title, left(content, 80) AS excerpt, created_at FROM tickets WHERE caller_phone_idx = $1 ORDER BY created_at DESC LIMIT 20`,
    // the blind index of the phone: the phone itself is stored only sealed (src/server/privacy)
    [ctx.vault.phoneIndex(phone)],
  );
  // who looked up which caller (等保第三级 安全审计): one record per ticket shown
  await recordRead(ctx.db, { actor, action: 'read.caller-history', ticketIds: rows.map((t) => t.id), at: ctx.now(), detail: { phone: maskPhone(phone) } });
  const since = ctx.now() - 30 * 86_400_000;
  const last30Days = rows.filter((t) => t.created_at.getTime() >= since).length;
  const flags: string[] = [];
  // SY 第二十九条, CQ 第二十六条: repeated calls are flagged for the agent, not blocked.
  if (last30Days >= 3) flags.push('频繁来电');
  if (rows.some((t) => t.status === 'terminated')) flags.push('有终结办理的重复诉求');
  return {
    phone,
    total: rows.length,
    last30Days,
    flags,
    tickets: rows.map((t) => ({ id: t.id, number: t.number, status: t.status, statusLabel: TICKET_STATUS_LABELS[t.status as TicketStatus] ?? t.status, type: t.type, title: t.title, excerpt: t.excerpt, createdAt: t.created_at.toISOString() })),
  };
}
