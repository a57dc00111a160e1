import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TICKET_ACTIONS } from '../../../core/ticket/machine.ts';
import { CLOCKS } from '../../../core/vocabulary.ts';
import type { TicketEvent } from '../../types.ts';
import { describeEvent, eventDetails, EVENT_LABELS, inTimelineOrder, lastSendBack } from './events.ts';

const SERVER = join(import.meta.dirname, '../../../server');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every event action the server's code can append to a timeline: ctx.event('x'), or an event record { action: 'x', actor… }. */
function serverEventActions(): string[] {
  const found = new Set<string>(TICKET_ACTIONS);
  for (const f of files(SERVER)) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/ctx\.event\('([a-z-]+)'/g)) found.add(m[1]!);
    // an event record: { …, action: 'x', actor… } (appendEvent, insertEvent, eventAuditInsert)
    for (const m of src.matchAll(/\baction: '([a-z-]+)',\s*actor/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

/** Data as the server writes it, code values included, so that a code word leaking to the screen is caught. */
const SAMPLE: Record<string, unknown> = {
  unitName: '解放碑街道办事处',
  role: 'lead',
  reason: '不属本单位职责',
  basis: '三定方案',
  referral: '区市场监管局',
  note: '请尽快办理',
  answer: '办理社保卡请携带身份证',
  hotline: '120',
  days: 5,
  newDue: '2026-12-10T18:00:00+08:00',
  oldDue: '2026-12-03T18:00:00+08:00',
  satisfaction: 'dissatisfied',
  resolution: 'partly',
  method: 'phone',
  fault: 'unit',
  comment: '来电人说路灯仍不亮',
  process: '现场查看',
  result: '已修复',
  contacted: true,
  handlerName: '张三',
  opinion: '重复诉求已依法处理完毕',
  evidence: '通话录音',
  clock: 'handle',
  dueAt: '2026-12-03T18:00:00+08:00',
  count: 2,
  level: 1,
  auto: true,
  units: ['解放碑街道办事处'],
  means: ['专项督查'],
  supervisions: 2,
  originalNumber: '2026120100001',
  mergedNumber: '2026120100002',
  repeatNumber: '2026120100003',
  onsite: true,
  late: true,
  countsAsOverdue: true,
  lapseBasis: '凉山州办法第十二条',
  photos: ['x'],
};

const event = (action: string, extra: Record<string, unknown> = {}): TicketEvent => ({ id: 1, action, actor: '派单员', at: '2026-12-02T09:00:00+08:00', ...SAMPLE, ...extra });

/** A run of Latin letters that is not a known Chinese-UI abbreviation is a code word. */
const CODE_WORD = /[A-Za-z]{2,}/;

describe('timeline texts', () => {
  const actions = serverEventActions();

  it('finds the server’s event actions (the scan itself works)', () => {
    for (const a of ['register', 'reject-completion', 'clock-due-soon', 'escalate', 'redo', 'reveal-phone', 'caller-rating', 'merged-in', 'repeat-received', 'call-caller', 'attach']) {
      expect(actions).toContain(a);
    }
  });

  it.each(actions)('has a Chinese label for %s', (action) => {
    expect(EVENT_LABELS[action]).toBeTruthy();
  });

  it.each(actions)('never shows a code word for %s', (action) => {
    const e = event(action);
    expect(describeEvent(e)).not.toMatch(CODE_WORD);
    for (const d of eventDetails(e)) {
      expect(d.label).not.toMatch(CODE_WORD);
      expect(d.text).not.toMatch(CODE_WORD);
    }
  });

  it.each([...CLOCKS, 'reminder:1'])('names the clock %s in Chinese when it runs short or out', (clock) => {
    for (const action of ['clock-due-soon', 'clock-overdue']) {
      const line = describeEvent(event(action, { clock, label: undefined }));
      expect(line).not.toMatch(CODE_WORD);
    }
  });

  it('shows the send-back reason of a completion, and the one the unit still has to answer', () => {
    const back = event('reject-completion', { id: 7, reason: '未写明联系来电人的情况' });
    expect(describeEvent(back)).toBe('审核退回');
    expect(eventDetails(back)).toEqual([{ label: '理由', text: '未写明联系来电人的情况' }]);
    expect(lastSendBack([event('reply', { id: 6 }), back])?.id).toBe(7);
    expect(lastSendBack([back, event('reply', { id: 8, at: '2026-12-02T10:00:00+08:00' })])).toBeNull();
  });

  it('shows every reason, basis, referral, answer and comment people wrote', () => {
    const texts = (action: string) => eventDetails(event(action)).map((d) => d.text);
    expect(texts('reject')).toEqual(['不属本单位职责', '三定方案', '区市场监管局']);
    expect(texts('answer')).toContain('办理社保卡请携带身份证');
    expect(texts('refer')).toContain('请尽快办理');
    expect(texts('visit')).toContain('来电人说路灯仍不亮');
    expect(texts('request-extension')).toContain('不属本单位职责');
    expect(texts('approve-extension')).toContain('请尽快办理');
    expect(texts('appeal')).toEqual(['不属本单位职责', '通话录音']);
    expect(texts('supervise')).toContain('请尽快办理');
  });

  it('orders by time, then by sequence number as a number', () => {
    const at = '2026-12-02T09:00:00+08:00';
    const list = [event('sign', { id: 106, at }), event('register', { id: 17, at }), event('dispatch', { id: 5, at: '2026-12-02T09:30:00+08:00' })];
    expect(inTimelineOrder(list).map((e) => e.id)).toEqual([17, 106, 5]);
  });
});
