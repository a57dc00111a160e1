import { dayOfInstant, formatDay } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import { notifyUnit, writeVersion } from './store.ts';
import { indexClosedTickets } from './ticket-index.ts';

/** Entries expiring within this many days are announced to their owner unit (实时更新). */
export const EXPIRY_NOTICE_DAYS = 30;

export interface KbWatchResult {
  expired: number;
  reminded: number;
  ticketsIndexed: number;
}

/**
 * The knowledge base's part of the job loop (beside the clock watcher): takes entries past their
 * expiry date off the shelves, reminds owner units of entries about to expire (谁提供、谁维护、谁更新:
 * 重庆 第十八条, 凉山 第十六条, 邵阳 第二十二条), and indexes newly closed tickets for the agent assist.
 * Each UPDATE re-checks its condition under the row lock, so several instances never act twice.
 */
export async function watchKnowledgeBase(ctx: AppContext, now = ctx.now()): Promise<KbWatchResult> {
  const today = formatDay(dayOfInstant(now));
  const horizon = formatDay(dayOfInstant(now) + EXPIRY_NOTICE_DAYS);
  const expired = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; owner_unit_id: string; title: string; expires_on: string }>(
      `UPDATE kb_entries SET state = 'expired', version = version + 1, updated_at = $2
        WHERE state = 'published' AND expires_on < $1::date
        RETURNING id, owner_unit_id, title, expires_on::text AS expires_on`,
      [today, new Date(now)],
    );
    for (const e of rows) {
      await writeVersion(tx, e.id, 'expire', null, now, `已于 ${e.expires_on} 失效`);
      await notifyUnit(tx, e.owner_unit_id, `知识条目“${e.title}”已于 ${e.expires_on} 失效并下线，请及时修订或删除`, now);
    }
    return rows.length;
  });
  const reminded = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ owner_unit_id: string; title: string; expires_on: string }>(
      `UPDATE kb_entries SET expiry_reminded_for = expires_on
        WHERE state = 'published' AND expires_on BETWEEN $1::date AND $2::date
          AND expiry_reminded_for IS DISTINCT FROM expires_on
        RETURNING owner_unit_id, title, expires_on::text AS expires_on`,
      [today, horizon],
    );
    for (const e of rows) {
      await notifyUnit(tx, e.owner_unit_id, `知识条目“${e.title}”将于 ${e.expires_on} 失效，请及时更新（谁提供、谁维护、谁更新）`, now);
    }
    return rows.length;
  });
  const ticketsIndexed = await indexClosedTickets(ctx.db);
  return { expired, reminded, ticketsIndexed };
}
