import { describe, expect, it } from 'vitest';
import { Calendar, formatInstant, parseInstant } from '../calendar/index.ts';
import { computeDeadline, getPreset, PolicyError, PRESET_IDS, resolvePolicy } from './index.ts';

/**
 * Each row: a real date around 春节, 劳动节, 国庆 or a 调休 weekend, the due date worked out by hand
 * from the official calendar, and the article of the regulation that sets the clock.
 */
type Row = [
  article: string,
  clock: string,
  opts: { type?: string; urgency?: string; variant?: string },
  from: string,
  due: string,
  provisional?: boolean,
];

const calendar = new Calendar();

function check(policyId: string, rows: Row[]) {
  const policy = getPreset(policyId);
  it.each(rows)('%s %s %o from %s → %s', (article, clock, opts, from, due, provisional = false) => {
    const d = computeDeadline(policy, calendar, { clock, ...opts, from: parseInstant(from) });
    expect(formatInstant(d.due)).toBe(due);
    expect(d.rule.basis.article).toBe(article);
    expect(d.basis).toContain(policy.document.file);
    expect(d.provisional).toBe(provisional);
  });
}

const EOD = 'T23:59:59+08:00';

describe('chongqing-2021 (渝府办发〔2021〕8号)', () => {
  check('chongqing-2021', [
    ['第十三条（一）', 'transfer', {}, '2026-02-13T15:00', `2026-02-14${EOD}`], // Friday → 调休 Saturday
    ['第十三条（一）', 'return', {}, '2026-09-30T09:00', `2026-10-09${EOD}`],
    ['第十三条（二）', 'handle', { type: 'consultation' }, '2026-09-30T09:00', `2026-10-13${EOD}`], // 10/10 Sat worked
    ['第十三条（二）', 'handle', { type: 'complaint' }, '2026-02-10T10:00', `2026-03-09${EOD}`], // across 春节, 2/14 & 2/28 worked
    ['第十三条（二）', 'handle', { type: 'praise' }, '2026-02-10T10:00', `2026-03-09${EOD}`],
    ['第十三条（二）', 'handle', { type: 'help' }, '2026-12-18T10:00', `2027-01-11${EOD}`, true],
  ]);
});

describe('dazu-2021 (大足府办发〔2021〕45号)', () => {
  check('dazu-2021', [
    ['第六条（二）', 'handle', { type: 'consultation' }, '2025-01-24T10:00', `2025-02-05${EOD}`], // 1/26 Sunday worked
    ['第六条（二）', 'handle', { type: 'help' }, '2026-04-30T10:00', `2026-05-18${EOD}`], // 劳动节, 5/9 Sat worked
    ['第六条（二）', 'handle', { type: 'report' }, '2025-09-30T10:00', `2025-10-21${EOD}`], // 国庆中秋 8 days, 10/11 worked
    ['第六条（一）', 'transfer', {}, '2026-12-31T10:00', `2027-01-04${EOD}`, true], // 2027 元旦 provisional
    ['第六条（一）', 'return', {}, '2025-09-30T10:00', `2025-10-10${EOD}`],
  ]);
});

describe('liangshan-2023 (凉府办函〔2023〕18号)', () => {
  check('liangshan-2023', [
    ['第十二条（一）', 'dispatch', {}, '2026-09-30T16:00', '2026-10-08T10:00:00+08:00'], // 3 working hours over 国庆
    ['第十二条（一）', 'dispatch', {}, '2026-02-13T11:00', '2026-02-13T16:00:00+08:00'], // over the lunch break
    ['第十二条（一）', 'dispatch', {}, '2026-10-10T17:00', '2026-10-12T11:00:00+08:00'], // from a 调休 Saturday
    ['第十二条（二）', 'sign', {}, '2026-05-08T10:00', `2026-05-09${EOD}`], // → 调休 Saturday
    ['第十二条（二）', 'return', {}, '2026-05-08T10:00', `2026-05-11${EOD}`],
    ['第十二条（二）', 'handle', { type: 'suggestion' }, '2026-06-17T10:00', `2026-06-29${EOD}`], // 端午
    ['第十二条（二）', 'handle', { type: 'complaint' }, '2025-09-26T10:00', `2025-10-16${EOD}`], // 9/28 Sunday worked
    ['第十二条（二）', 'handle', { type: 'consultation' }, '2026-02-12T10:00', `2026-02-26${EOD}`],
    ['第十二条（四）', 'firstResponse', { urgency: 'special' }, '2026-10-01T22:30', '2026-10-02T02:30:00+08:00'],
    ['第十二条（四）', 'firstResponse', { urgency: 'emergency' }, '2026-10-01T22:30', '2026-10-02T00:30:00+08:00'],
    ['第十二条（四）', 'progress', { urgency: 'emergency' }, '2026-10-01T22:30', `2026-10-09${EOD}`],
    ['第十二条（四）', 'progress', { urgency: 'special' }, '2027-02-04T10:00', `2027-02-15${EOD}`, true], // 2027 春节 + 补假
  ]);
});

describe('shaoyang-2023 (邵市政办发〔2023〕11号)', () => {
  check('shaoyang-2023', [
    ['第十三条', 'dispatch', {}, '2026-10-01T23:00', '2026-10-02T01:00:00+08:00'], // 7×24: natural hours
    ['第十三条', 'sign', {}, '2026-09-18T15:00', `2026-09-20${EOD}`], // 9/20 Sunday worked
    ['第十三条', 'return', {}, '2026-10-10T09:00', `2026-10-10${EOD}`], // same day as signing
    ['第十三条', 'return', {}, '2026-10-03T10:00', `2026-10-08${EOD}`], // signed on a holiday: next working day
    ['第十三条', 'return', { variant: 'onsite' }, '2026-02-12T10:00', `2026-02-14${EOD}`],
    ['第十四条（二）', 'handle', { type: 'consultation' }, '2026-02-13T16:00', `2026-02-14${EOD}`],
    ['第十四条（三）', 'handle', { type: 'help' }, '2026-12-28T10:00', `2027-01-05${EOD}`, true],
    ['第十四条（三）', 'handle', { type: 'complaint', variant: 'complex' }, '2026-09-30T10:00', `2026-10-20${EOD}`],
    ['第十七条', 'redo', {}, '2026-04-30T10:00', `2026-05-11${EOD}`],
    ['第二十四条', 'supervision', {}, '2025-01-24T10:00', `2025-02-07${EOD}`],
    ['第二十四条', 'supervision', { variant: 'other' }, '2025-01-24T10:00', `2025-02-13${EOD}`], // 2/8 Sat worked
    ['第二十条', 'firstResponse', { urgency: 'special' }, '2026-05-01T20:15', '2026-05-01T21:15:00+08:00'],
    ['第十二条（一）', 'answer', {}, '2026-10-07T09:00', '2026-10-08T09:00:00+08:00'],
  ]);
});

describe('clocks a regulation does not set', () => {
  it.each([
    ['chongqing-2021', { clock: 'sign' }, 'no_such_clock'],
    ['chongqing-2021', { clock: 'dispatch' }, 'no_such_clock'],
    ['dazu-2021', { clock: 'redo' }, 'no_such_clock'],
    ['liangshan-2023', { clock: 'handle', type: 'praise' }, 'no_such_clock'],
    ['liangshan-2023', { clock: 'redo' }, 'no_such_clock'],
    ['shaoyang-2023', { clock: 'firstResponse', urgency: 'emergency' }, 'no_such_clock'],
    ['shaoyang-2023', { clock: 'transfer' }, 'no_such_clock'],
    ['chongqing-2021', { clock: 'handle', type: 'complaint', variant: 'complex' }, 'no_such_variant'],
    ['chongqing-2021', { clock: 'handle' }, 'type_required'],
    ['liangshan-2023', { clock: 'progress', urgency: 'normal' }, 'urgency_required'],
    ['chongqing-2021', { clock: 'lunch' }, 'unknown_clock'],
    ['chongqing-2021', { clock: 'handle', type: 'rant' }, 'unknown_type'],
  ] as const)('%s %o → %s', (id, q, code) => {
    const run = () => computeDeadline(getPreset(id), calendar, { ...q, from: parseInstant('2026-11-23T10:00') });
    expect(run).toThrow(PolicyError);
    try {
      run();
    } catch (error) {
      expect((error as PolicyError).code).toBe(code);
      expect((error as Error).message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('rules beside the clocks', () => {
  it('extension rules follow each regulation', () => {
    expect(getPreset('dazu-2021').extension).toMatchObject({ leadWorkingDays: 2, approver: 'upperUnit', notifyCaller: true });
    expect(getPreset('liangshan-2023').extension).toMatchObject({ maxWorkingDays: 10, excludedTypes: ['consultation'], approver: 'center' });
    expect(getPreset('shaoyang-2023').extension).toMatchObject({ maxCount: 1, maxWorkingDays: 10, approver: 'center' });
    expect(getPreset('chongqing-2021').extension).toMatchObject({ leadWorkingDays: 0, maxCount: null, approver: 'upperUnit' });
  });

  it('a lapsed return window means signed (邵阳 第十三条) or overdue (凉山 第十二条（二）)', () => {
    expect(getPreset('shaoyang-2023').returnLapse?.effect).toBe('signed');
    expect(getPreset('liangshan-2023').returnLapse?.effect).toBe('overdue');
    expect(getPreset('chongqing-2021').returnLapse).toBeNull();
  });

  it('退单 per regulation: 逐级向上、累计 2 工作日 (CQ 第十三条（一）, DZ 第六条（一）); 理由、依据、建议转办单位 (LS 第十二条（二）); 依据, and the suggested unit after an on-site check (SY 第十三条)', () => {
    for (const id of ['chongqing-2021', 'dazu-2021']) expect(getPreset(id).returns, id).toMatchObject({ upChain: true, cumulativeWindow: true, requiredFields: [] });
    expect(getPreset('chongqing-2021').returns?.chainBasis?.article).toBe('第十三条（一）');
    expect(getPreset('dazu-2021').returns?.chainBasis?.article).toBe('第六条（一）');
    const fields = (id: string) => getPreset(id).returns?.requiredFields.map((f) => `${f.field}:${f.when}`);
    expect(getPreset('liangshan-2023').returns).toMatchObject({ upChain: false, cumulativeWindow: false });
    expect(fields('liangshan-2023')).toEqual(['basis:always', 'suggestedUnit:always']);
    expect(getPreset('shaoyang-2023').returns).toMatchObject({ upChain: false, cumulativeWindow: false });
    expect(fields('shaoyang-2023')).toEqual(['basis:always', 'suggestedUnit:onsite']);
    // the chain's rules need their article; a cumulative window needs a return window to share
    expect(() => resolvePolicy({ extends: 'liangshan-2023', returns: { upChain: true } })).toThrow(/chainBasis/);
    expect(() => resolvePolicy({ extends: 'chongqing-2021', clocks: { return: null } })).toThrow(/累计退单时限/);
  });

  it('大足 第七条 reminder levels: remind after 1 working day unsigned, supervise when overdue, propose escalation after 2', () => {
    const levels = getPreset('dazu-2021').reminders.map((r) => [r.level, r.action, r.trigger, r.proposal ?? false]);
    expect(levels).toEqual([
      [1, 'remind', { event: 'notSigned', workingDays: 1 }, false],
      [2, 'supervise', { event: 'overdue' }, false],
      [3, 'escalate', { event: 'afterSupervisions', count: 2 }, true],
    ]);
  });

  it('邵阳 第二十四条 escalates when the supervision limit passes unresolved, never on the count of supervisions', () => {
    expect(getPreset('shaoyang-2023').reminders.find((r) => r.action === 'escalate')!.trigger).toEqual({ event: 'supervisionLapsed' });
    const bad = { extends: 'shaoyang-2023', reminders: [{ level: 2, action: 'escalate', trigger: { event: 'afterSupervisions', count: 1 }, means: ['呈报'], basis: { file: 'shaoyang-2023.txt', article: '第二十四条' } }] };
    expect(() => resolvePolicy(bad)).toThrow(/督办建议/);
  });

  it('every rule of every preset cites an article of its file', () => {
    for (const id of PRESET_IDS) {
      const text = JSON.stringify(getPreset(id));
      const bases = [...text.matchAll(/"basis":\{"file":"([^"]+)","article":"(第[^"]+)"/g)];
      expect(bases.length, id).toBeGreaterThan(3);
    }
  });
});

describe('custom policies', () => {
  it('extends a preset, overrides a rule and removes a clock', () => {
    const p = resolvePolicy({
      extends: 'chongqing-2021',
      id: 'my-city',
      clocks: {
        handle: { byType: { consultation: { amount: 3 } } },
        transfer: null,
      },
    });
    expect(p.id).toBe('my-city');
    expect(p.clocks.handle?.byType.consultation?.amount).toBe(3);
    expect(p.clocks.handle?.byType.complaint?.amount).toBe(15);
    expect(p.clocks.transfer).toBeUndefined();
  });

  it('refuses an invalid policy with every problem listed in Chinese', () => {
    expect(() => resolvePolicy({ extends: 'chongqing-2021', clocks: { sign: { amount: -1, unit: 'weeks', from: 'dispatched' } } }))
      .toThrow(/时限策略不合规[\s\S]*clocks\.sign/);
    expect(() => resolvePolicy({ extends: 'nowhere' })).toThrow(/没有名为/);
    expect(() => resolvePolicy([])).toThrow(/JSON 对象/);
  });
});
