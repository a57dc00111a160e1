import { dayOfInstant, formatDay } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import { EXPIRY_NOTICE_DAYS } from '../kb/expiry.ts';

/** A unit's upkeep of the knowledge entries it owns (谁提供、谁维护、谁更新), as of now. */
export interface KnowledgeUpkeep {
  /** Published entries it owns. */
  owned: number;
  /** Taken off the shelves at their expiry date without a revision: the hotline reminded the unit
   *  EXPIRY_NOTICE_DAYS before, so each is information "未在规定时间内提供" (邵阳 第二十七条). */
  expired: number;
  /** Published entries expiring within EXPIRY_NOTICE_DAYS: reminded, not yet updated. */
  expiringSoon: number;
}

export const NO_KNOWLEDGE: KnowledgeUpkeep = { owned: 0, expired: 0, expiringSoon: 0 };

/**
 * 知识库维护 per owner unit (邵阳 第二十七条 知识库管理方面: 内容没有及时更新；热线提醒需要更新的信息未在
 * 规定时间内提供; 重庆 第十八条, 凉山 第十六条 谁提供、谁维护、谁更新). A state, not a period's count: the
 * scorecard shows it beside the period's figures and leaves it out of the score.
 */
export async function knowledgeUpkeep(db: Queryable, now: number): Promise<Map<string, KnowledgeUpkeep>> {
  const today = dayOfInstant(now);
  const { rows } = await db.query<{ unit_id: string; owned: number; expired: number; expiring_soon: number }>(
    `SELECT owner_unit_id AS unit_id,
            count(*) FILTER (WHERE state = 'published')::int AS owned,
            count(*) FILTER (WHERE state = 'expired')::int AS expired,
            count(*) FILTER (WHERE state = 'published' AND expires_on BETWEEN $1::date AND $2::date)::int AS expiring_soon
       FROM kb_entries WHERE state IN ('published', 'expired')
      GROUP BY owner_unit_id`,
    [formatDay(today), formatDay(today + EXPIRY_NOTICE_DAYS)],
  );
  return new Map(rows.map((r) => [r.unit_id, { owned: r.owned, expired: r.expired, expiringSoon: r.expiring_soon }]));
}
