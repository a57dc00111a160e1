import { dayOfInstant, formatDay, minuteOfDay, type Instant } from '../../../core/calendar/civil-date.ts';
import type { Rng } from '../../../core/random.ts';
import { answersAt, type ServiceHours } from '../../../core/telephony/service-hours.ts';
import { targetKindOfHotline, type HotlineKind, type TransferMode, type TransferOutcome } from '../../../core/telephony/transfers.ts';
import type { Db, Queryable } from '../../db/connection.ts';
import { insertTransfer, type TransferInput } from '../../telephony/transfers.ts';
import { LINE_UNITS } from './directory.ts';
import type { Case, World } from './world.ts';

/**
 * What happens on the line while a phone request is taken (重庆 第十二条（一）三方通话、呼叫转接): now and
 * then the agent brings in the unit's expert on duty (专家座席), a sub-centre or a line beside 12345
 * (12366, 12333: 四川 附件 二、三), hands an emergency to 119/120 before referring it (邵阳 第七条), or
 * takes a matter 110 passed on at night (110 联动转入). Each is recorded on the ticket the moment it is
 * registered, with its outcome and the call it happened on — the ticket's own call record, written here
 * so that the desk's record can name it (history/calls.ts writes the other phone tickets' calls later).
 * Its own random source: the rest of the history is the same with or without it.
 */

interface Expert {
  id: string;
  name: string;
  unitName: string;
  topics: string[];
  extension: string;
  hours: ServiceHours;
  active: boolean;
}
interface Line {
  id: string;
  name: string;
  kind: HotlineKind;
  number: string;
  transferNumber: string | null;
}

export interface Switchboard {
  rng: Rng;
  experts: Expert[];
  lines: Map<string, Line>;
  /** Call records written here (the ticket's own call, where something happened on it). */
  calls: number;
}

type Plan =
  | { line: string; p: number; note: string }
  | { expert: string; p: number }
  | { from110: number };

/** By matter (history/matters.ts, phrases.ts): what may happen on the line, the first that happens only. */
const PLANS: Record<string, Plan[]> = {
  pension: [
    { line: '12366', p: 0.3, note: '社保费由税务部门征收：三方通话 12366，由分中心告知缴费渠道和档次' },
    { line: '12333', p: 0.4, note: '三方通话人社专席，解答灵活就业参保登记' },
  ],
  retire: [{ line: '12333', p: 0.5, note: '三方通话人社专席，核对退休申报所需材料' }],
  wages: [{ expert: '欠薪', p: 0.5 }],
  property: [{ expert: '物业管理', p: 0.25 }],
  house: [{ expert: '房屋安全', p: 0.4 }],
  consumer: [{ expert: '消费维权', p: 0.2 }],
  price: [{ expert: '价格', p: 0.3 }],
  food: [{ expert: '食品安全', p: 0.25 }],
  noise: [{ from110: 0.25 }, { expert: '噪声污染', p: 0.1 }],
  fumes: [{ expert: '油烟', p: 0.15 }],
};
/** Matters the callers of 12333 ring about: half of them dial 12333 (双号并行: its calls ring at 12345's seats). */
const ON_12333 = ['pension', 'retire', 'wages', 'medical'];

export async function openSwitchboard(db: Db, rng: Rng): Promise<Switchboard> {
  const experts = await db.query<{ id: string; name: string; unit_name: string; topics: string[]; extension: string | null; hours: ServiceHours; active: boolean }>(
    `SELECT e.id, e.name, u.name AS unit_name, e.topics, e.extension, e.hours, e.active FROM expert_seats e JOIN units u ON u.id = e.unit_id WHERE e.extension IS NOT NULL ORDER BY e.extension`,
  );
  const lines = await db.query<{ id: string; name: string; kind: HotlineKind; number: string; transfer_number: string | null }>(
    `SELECT id, name, kind, number, transfer_number FROM hotlines WHERE active ORDER BY number`,
  );
  return {
    rng,
    experts: experts.rows.map((e) => ({ id: e.id, name: e.name, unitName: e.unit_name, topics: e.topics, extension: e.extension!, hours: e.hours, active: e.active })),
    lines: new Map(lines.rows.map((l) => [l.number, { id: l.id, name: l.name, kind: l.kind, number: l.number, transferNumber: l.transfer_number }])),
    calls: 0,
  };
}

/** When in the call: seconds before it ended (the agent's own transfer), or as it was offered (110 put it through). */
type Planned = Omit<TransferInput, 'ticketId' | 'callId' | 'source' | 'at'> & { secondsBeforeEnd: number | 'offered' };

/** The phone request `c` was just registered (the clock is its registration): what happened on its call. */
export async function onTheLine(w: World, c: Case): Promise<void> {
  const sb = w.switchboard;
  if (!sb || c.channel !== 'phone') return;
  const now = w.sim.now;
  const rng = sb.rng;
  const dialled = ON_12333.includes(c.matter.key) && sb.lines.has('12333') && rng.chance(0.5) ? '12333' : '12345';
  const planned = plan(w, sb, c, now);
  if (!planned && dialled === '12345') return;
  const db = w.sim.ctx.db;
  await db.transaction(async (tx) => {
    const call = await writeCall(tx, sb, c, now, dialled, planned);
    if (!planned) return;
    const { secondsBeforeEnd, ...t } = planned;
    const at = secondsBeforeEnd === 'offered' ? call.offeredAt : now - secondsBeforeEnd * 1000;
    await insertTransfer(tx, w.cast.agent, { ...t, ticketId: c.id, callId: call.callId, source: 'desk', at }, now);
    w.sim.count(t.direction === 'in' ? 'transfer-in' : `transfer-${t.targetKind}`);
  });
}

function plan(w: World, sb: Switchboard, c: Case, now: Instant): Planned | null {
  const rng = sb.rng;
  const refer = c.matter.outcome && 'refer' in c.matter.outcome ? c.matter.outcome.refer : null;
  if (refer) {
    // 转紧急热线 (the refer at intake follows): the caller put through to the emergency line first
    const line = sb.lines.get(refer);
    if (!line) return null;
    return {
      ...toLine(line, 'conference', 'handed_over'),
      reference: `${refer}-${formatDay(dayOfInstant(now)).replaceAll('-', '')}-${String(rng.int(1, 999)).padStart(3, '0')}`,
      note: `三方通话，来电人已与 ${refer} 接警员通话，由 ${refer} 出警处置`,
      secondsBeforeEnd: rng.int(40, 110),
    };
  }
  for (const p of PLANS[c.matter.key] ?? []) {
    if ('from110' in p) {
      const m = minuteOfDay(now);
      const night = m >= 21 * 60 || m < 6 * 60;
      if (!night || !rng.chance(p.from110)) continue;
      const line = sb.lines.get('110');
      if (!line) continue;
      return {
        ...toLine(line, 'transfer', 'handed_over'),
        direction: 'in',
        reference: `JQ${formatDay(dayOfInstant(now)).replaceAll('-', '')}${String(rng.int(1, 9999)).padStart(4, '0')}`,
        note: '110 接警后转入：非警务的噪声扰民，由 12345 登记派单（110 与 12345 联动机制）',
        // as the call began: 110 put the caller through to 12345
        secondsBeforeEnd: 'offered',
      };
    }
    if ('line' in p) {
      const line = sb.lines.get(p.line);
      if (!line || !rng.chance(p.p)) continue;
      const reached = rng.chance(0.85);
      return {
        ...toLine(line, 'conference', reached ? 'answered' : 'not_connected'),
        note: reached ? p.note : `${line.name}忙线未接通，已按知识库答复来电人`,
        secondsBeforeEnd: rng.int(40, 140),
      };
    }
    // an expert of the matter at their seat now (坐席时间, working days), of the district's department or
    // the city's (a body that runs a line): none, no call
    const day = dayOfInstant(now);
    const near = (e: Expert) => e.unitName.startsWith(c.slots.district) || LINE_UNITS.some((u) => u.name === e.unitName);
    const onDuty = sb.experts.filter((e) => e.active && near(e) && e.topics.includes(p.expert) && answersAt(e.hours, now) && w.calendar.isWorkingDay(day));
    if (!onDuty.length || !rng.chance(p.p)) continue;
    const e = rng.pick(onDuty);
    const reached = rng.chance(0.8);
    return {
      direction: 'out',
      mode: 'conference',
      targetKind: 'expert',
      target: e.extension,
      targetName: `${e.name}（${e.unitName}）`,
      expertId: e.id,
      hotlineId: null,
      outcome: reached ? 'connected' : 'not_connected',
      reference: null,
      note: reached ? '专家在线解释政策和办理程序；来电人仍要求派单到现场处理' : '专家座席忙线，未接通；按程序派单',
      secondsBeforeEnd: rng.int(40, 140),
    };
  }
  return null;
}

function toLine(line: Line, mode: TransferMode, outcome: TransferOutcome): Omit<Planned, 'secondsBeforeEnd' | 'note' | 'reference'> & { reference: string | null; note: string | null } {
  return {
    direction: 'out',
    mode,
    targetKind: targetKindOfHotline(line.kind),
    target: line.transferNumber ?? line.number,
    targetName: line.name,
    expertId: null,
    hotlineId: line.id,
    outcome,
    reference: null,
    note: null,
  };
}

/**
 * The ticket's call, ending as it was registered (as history/calls.ts writes the others': answered within
 * seconds, talked through — long enough for the transfer in it), on the number dialled.
 */
async function writeCall(tx: Queryable, sb: Switchboard, c: Case, now: Instant, dialled: string, planned: Planned | null): Promise<{ callId: string; offeredAt: Instant }> {
  const rng = sb.rng;
  const callId = `demo-t-${c.number}`;
  const before = typeof planned?.secondsBeforeEnd === 'number' ? planned.secondsBeforeEnd : 0;
  const talk = rng.int(Math.max(150, before + 60), 480);
  const wait = rng.int(3, 14);
  const answeredAt = now - talk * 1000;
  const offeredAt = answeredAt - wait * 1000;
  const out = planned && planned.direction === 'out' ? [{ at: new Date(now - before * 1000).toISOString(), target: planned.target, kind: planned.mode === 'conference' ? 'conference' : 'transferred' }] : [];
  await tx.query(
    `INSERT INTO calls (call_id, caller_phone, caller_phone_idx, queue, extension, offered_at, answered_at, ended_at, outcome, wait_seconds, talk_seconds, recording,
                        transfers, conference, ticket_id, linked_at, dialled, updated_at)
     SELECT $1, t.caller_phone, t.caller_phone_idx, 'general', $2, $3, $4, $5, 'answered', $6, $7, $8, $9, $10, t.id, $5, $11, $5 FROM tickets t WHERE t.id = $12`,
    [callId, String(8001 + rng.int(0, 2)), new Date(offeredAt), new Date(answeredAt), new Date(now), wait, talk, `rec/ticket/${c.id}.wav`, JSON.stringify(out), out.some((o) => o.kind === 'conference'), dialled, c.id],
  );
  await tx.query('UPDATE tickets SET dialled = $2 WHERE id = $1', [c.id, dialled]);
  sb.calls += 1;
  return { callId, offeredAt };
}
