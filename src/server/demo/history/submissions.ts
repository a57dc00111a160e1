import { DAY_MS, dayOfInstant, HOUR_MS, startOfDay, type DayNumber } from '../../../core/calendar/civil-date.ts';
import type { Rng } from '../../../core/random.ts';
import type { Actor } from '../../auth/actor.ts';
import { ACTOR_COLUMNS, actorFromRow, type ActorRow } from '../../auth/sessions.ts';
import { insertSubmission, loadSubmission, review, type SubmissionInput, type SubmissionKind } from '../../submissions/store.ts';
import { LINE_UNITS } from './directory.ts';
import { onWorkingDay } from './shape.ts';
import type { World } from './world.ts';

/**
 * 报送材料 (邵阳 第六条（六） 及时报送本地区本部门12345热线工作动态、典型案例、情况分析等资料): every couple of
 * weeks a unit of the demo city sends the center what it has to say, written from its own work in the
 * history so far — a 典型案例 of a ticket it closed, its month's figures, what its callers raised most, or
 * (the 12366 分中心) the three-way calls 12345 put through to it. The center's supervisor reads each within
 * a couple of working days; the analyst adopts some for the month's 通报. The last ones wait in the inbox.
 */
const ROTA: ReadonlyArray<readonly [unit: string, kind: SubmissionKind]> = [
  ['解放碑街道办事处', 'case'],
  ['渝中区城市管理局', 'news'],
  ['江北区市场监督管理局', 'analysis'],
  [LINE_UNITS[0].name, 'news'],
  ['渝中区住房和城乡建设委员会', 'case'],
  ['渝中区生态环境局', 'analysis'],
];
const EVERY_DAYS = 9;

export async function planSubmissions(w: World, rng: Rng, firstDay: DayNumber, lastDay: DayNumber): Promise<void> {
  const { rows } = await w.sim.ctx.db.query<ActorRow>(`SELECT ${ACTOR_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = 'analyst' AND u.active`);
  const analyst = rows[0] ? actorFromRow(rows[0], true) : w.cast.supervisor;
  // counted back from the last day; the latest still waits in the supervisor's inbox (待阅)
  const days: DayNumber[] = [];
  for (let day = lastDay - 1; day >= firstDay + 10; day -= EVERY_DAYS) days.unshift(day);
  let turn = 0;
  for (const [i, day] of days.entries()) {
    const [unitName, kind] = ROTA[turn++ % ROTA.length]!;
    const unit = w.cast.unitByName(unitName);
    if (!unit) continue;
    const at = onWorkingDay(w.calendar, rng, startOfDay(day) + 9 * HOUR_MS, 0);
    w.sim.at(at, () => submit(w, rng, unit.id, unitName, kind, analyst, i === days.length - 1));
  }
}

async function submit(w: World, rng: Rng, unitId: string, unitName: string, kind: SubmissionKind, analyst: Actor, waits: boolean): Promise<void> {
  const input = await write(w, unitId, unitName, kind);
  if (!input) return;
  const { sim } = w;
  const worker = w.cast.worker(unitId);
  const id = await sim.ctx.db.transaction((tx) => insertSubmission(tx, worker, input, sim.now));
  sim.count('submission');
  if (waits) return;
  // read at the center within a couple of working days; a case or an analysis now and then adopted
  const readAt = onWorkingDay(w.calendar, rng, sim.now, rng.int(0, 2));
  const adopt = kind !== 'news' && rng.chance(0.6);
  sim.at(readAt, async () => {
    await sim.ctx.db.transaction(async (tx) => review(tx, w.cast.supervisor, await loadSubmission(tx, w.cast.supervisor, id, true), 'read', null, sim.now));
    sim.count('submission-read');
    if (!adopt) return;
    sim.at(onWorkingDay(w.calendar, rng, sim.now, rng.int(1, 3)), async () => {
      await sim.ctx.db.transaction(async (tx) => review(tx, analyst, await loadSubmission(tx, analyst, id, true), 'adopted', '拟在本月通报中引用', sim.now));
      sim.count('submission-adopted');
    });
  });
}

/** The text, from the unit's own record up to now; null when it has nothing to tell yet. */
async function write(w: World, unitId: string, unitName: string, kind: SubmissionKind): Promise<SubmissionInput | null> {
  const db = w.sim.ctx.db;
  const since = new Date(w.sim.now - 30 * DAY_MS);
  const month = `${new Date(w.sim.now + 8 * HOUR_MS).getUTCMonth() + 1}月`;
  if (kind === 'case') {
    const { rows } = await db.query<{ id: string; title: string | null; content: string; reply: { process?: string; result?: string } | null }>(
      `SELECT t.id, t.title, t.content, a.reply FROM assignments a JOIN tickets t ON t.id = a.ticket_id
        WHERE a.unit_id = $1 AND a.parent_id IS NULL AND a.reply IS NOT NULL AND t.status IN ('closed', 'archived') AND t.satisfaction = 'satisfied'
        ORDER BY t.closed_at DESC LIMIT 1`,
      [unitId],
    );
    const t = rows[0];
    if (!t?.reply?.result) return null;
    return {
      kind,
      title: `典型案例：${t.title ?? t.content.slice(0, 20)}`,
      body: `来电人反映：${t.content}\n办理经过：${t.reply.process ?? ''}\n办理结果：${t.reply.result}\n来电人对办理结果表示满意。${unitName}将此类诉求纳入日常巡查，防止反复。`,
      ticketIds: [t.id],
      attachments: [],
    };
  }
  if (unitName === LINE_UNITS[0].name) {
    const { rows } = await db.query<{ n: number; reached: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE x.outcome IN ('answered', 'connected'))::int AS reached
         FROM call_transfers x JOIN hotlines h ON h.id = x.hotline_id WHERE h.unit_id = $1 AND x.at >= $2`,
      [unitId, since],
    );
    const r = rows[0]!;
    return {
      kind,
      title: `12366分中心${month}与12345热线转接工作动态`,
      body: `近30天，12345热线三方转接至12366共 ${r.n} 次，接通并当场解答 ${r.reached} 次，主要为灵活就业人员社保费缴纳渠道和缴费档次咨询。分中心已将社保费缴纳常见问题更新至共享知识库，供12345坐席直接答复。`,
      ticketIds: [],
      attachments: [],
    };
  }
  const { rows } = await db.query<{ category: string | null; n: number; closed: number }>(
    `SELECT t.category, count(*)::int AS n, count(*) FILTER (WHERE a.replied_at IS NOT NULL)::int AS closed
       FROM assignments a JOIN tickets t ON t.id = a.ticket_id WHERE a.unit_id = $1 AND a.parent_id IS NULL AND a.created_at >= $2
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [unitId, since],
  );
  const n = rows.reduce((s, r) => s + r.n, 0);
  if (!n) return null;
  const replied = rows.reduce((s, r) => s + r.closed, 0);
  // the matters named (a portal request the dispatcher never classified counts, but is not one)
  const top = rows.filter((r) => r.category).slice(0, 3).map((r) => `${r.category!.split('/').pop()} ${r.n} 件`).join('、');
  if (kind === 'news') {
    return {
      kind,
      title: `${unitName}${month}12345热线工作动态`,
      body: `近30天承办12345工单 ${n} 件，已答复 ${replied} 件。主要事项：${top}。本单位落实首接负责，热线联络员每日查看待签收工单，夜间和节假日由值班人员签收处置。`,
      ticketIds: [],
      attachments: [],
    };
  }
  return {
    kind,
    title: `${unitName}近期诉求情况分析（截至${dayLabel(dayOfInstant(w.sim.now))}）`,
    body: `近30天承办 ${n} 件，按事项分：${top}。诉求集中在夜间经营和居民区周边，建议与属地街道开展联合巡查，对反复被反映的点位建立台账、逐一销号。`,
    ticketIds: [],
    attachments: [],
  };
}

function dayLabel(day: DayNumber): string {
  const d = new Date(startOfDay(day) + 8 * HOUR_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
