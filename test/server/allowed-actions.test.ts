import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_RULES, type TicketAction } from '../../src/core/ticket/machine.ts';
import type { Role } from '../../src/core/vocabulary.ts';
import { DEMO_USERNAMES } from '../../src/server/demo/seed.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * The actions a ticket read lists for the user (access.actions) and what the server accepts agree,
 * through HTTP: for tickets in many states and every demo actor, each listed action (on its share)
 * succeeds on a fresh copy of the ticket, and every action not listed — on each share, or on the
 * ticket — is refused and changes nothing. Bodies are valid, so a refusal comes from the rules.
 * (Actions of one share are sent with its assignmentId, as the pages send them.)
 */

const ACTORS = [...DEMO_USERNAMES, 'xinhualu1'];
interface Listed { action: string; assignmentId: string | null; unitName: string | null; onBehalf: boolean }
interface Share { id: string; unit: { id: string; name: string } }

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  if (res.statusCode !== 200) throw new Error(`${user} ${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

interface World {
  t: TestApp;
  unit: Record<string, string>;
  /** An open ticket other tickets may be merged into or linked to. */
  original: string;
}

async function world(policy: string): Promise<World> {
  const t = await buildTestApp({ policy, now: '2026-11-23T09:30:00+08:00' });
  await t.addUser('xinhualu1', '新华路社区居委会', ['handler']);
  const unit: Record<string, string> = {};
  for (const [k, name] of Object.entries({ jfb: '解放碑街道办事处', jbm: '江北区市场监督管理局', xhl: '新华路社区居委会', msl: '民生路社区居委会' })) unit[k] = await t.unitId(name);
  const original = (await t.as('agent').post('/api/tickets', newTicket({ content: '原工单：新华路路灯不亮' }))).json().id;
  return { t, unit, original };
}

type Build = (w: World) => Promise<string>;

const registered: Build = async ({ t }) => (await t.as('agent').post('/api/tickets', newTicket())).json().id;
const dispatched: Build = async (w) => {
  const id = await registered(w);
  await ok(w.t, 'dispatcher', id, 'dispatch', { units: [{ unitId: w.unit.jfb!, role: 'lead' }, { unitId: w.unit.jbm!, role: 'assist' }] });
  return id;
};
const signed: Build = async (w) => {
  const id = await dispatched(w);
  await ok(w.t, 'handler1', id, 'sign');
  return id;
};
/** 特殊事项 (邵阳 第二十条): a first-response clock on each share from dispatch. */
const specialSigned: Build = async (w) => {
  const id = (await w.t.as('agent').post('/api/tickets', newTicket({ urgency: 'special', content: '新华路一带大面积停水' }))).json().id;
  await ok(w.t, 'dispatcher', id, 'dispatch', { units: [{ unitId: w.unit.jfb!, role: 'lead' }] });
  await ok(w.t, 'handler1', id, 'sign');
  return id;
};
const share = async (w: World, id: string, unitId: string): Promise<string> =>
  (await w.t.as('dispatcher').get(`/api/tickets/${id}`)).json().assignments.find((a: Share) => a.unit.id === unitId).id;
const extensionAsked: Build = async (w) => {
  const id = await signed(w);
  await ok(w.t, 'handler1', id, 'request-extension', { days: 3, reason: '需协调供电部门' });
  return id;
};
const assistExtensionAsked: Build = async (w) => {
  const id = await signed(w);
  await ok(w.t, 'handler2', id, 'sign');
  await ok(w.t, 'handler2', id, 'request-extension', { days: 2, reason: '需现场核查' });
  return id;
};
const returnAsked: Build = async (w) => {
  const id = await dispatched(w);
  await ok(w.t, 'handler1', id, 'return', { reason: '不属于本街道职责' });
  return id;
};
const passedDown: Build = async (w) => {
  const id = await signed(w);
  await ok(w.t, 'handler1', id, 'subdispatch', { unitId: w.unit.xhl! });
  return id;
};
const subReturnAsked: Build = async (w) => {
  const id = await passedDown(w);
  await ok(w.t, 'xinhualu1', id, 'return', { reason: '不属于社区职责' });
  return id;
};
// the assisting unit first: under a lead unit it answers the lead, who then answers for both (CQ 第十三条（二）)
const replied = async (w: World, id: string) => {
  await ok(w.t, 'handler2', id, 'sign');
  await ok(w.t, 'handler2', id, 'reply', { process: '配合核查', result: '无异常', contacted: true });
  await ok(w.t, 'handler1', id, 'reply', { process: '现场查看并联系供电所', result: '已修复', contacted: true });
  return id;
};
const reviewing: Build = async (w) => replied(w, await signed(w));
const visiting: Build = async (w) => {
  const id = await reviewing(w);
  await ok(w.t, 'dispatcher', id, 'approve-completion');
  return id;
};
const redo: Build = async (w) => {
  const id = await visiting(w);
  await ok(w.t, 'visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'unit' });
  return id;
};
const unreachable: Build = async (w) => {
  const id = await visiting(w);
  for (const outcome of ['no_answer', 'busy', 'off']) await ok(w.t, 'visitor', id, 'visit-attempt', { method: 'phone', outcome });
  return id;
};
const closedDissatisfied: Build = async (w) => {
  const id = await visiting(w);
  await ok(w.t, 'visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'partly', fault: 'objective' });
  return id;
};
const appealed: Build = async (w) => {
  const id = await closedDissatisfied(w);
  await ok(w.t, 'handler1', id, 'appeal', { reason: '已依法依规办结', evidence: '通话录音两次' });
  return id;
};
const repeatHandling: Build = async (w) => {
  const id = await signed(w);
  await ok(w.t, 'dispatcher', id, 'link-repeat', { originalId: w.original });
  return id;
};
const supervised: Build = async (w) => {
  const id = await signed(w);
  await ok(w.t, 'supervisor', id, 'supervise', { note: '请立即办理' });
  return id;
};
const supervisionExtensionAsked: Build = async (w) => {
  const id = await supervised(w);
  await ok(w.t, 'handler1', id, 'request-supervision-extension', { days: 3, reason: '涉及多个部门' });
  return id;
};
const extensionUsed: Build = async (w) => {
  const id = await signed(w);
  await ok(w.t, 'handler1', id, 'request-extension', { days: 3, reason: '需协调' });
  await ok(w.t, 'dispatcher', id, 'approve-extension', { assignmentId: await share(w, id, w.unit.jfb!) });
  return id;
};

/** A valid body for each action on this ticket (and share), so that only the rules can refuse it. */
function bodyFor(w: World, action: string, assignmentId: string | null): Record<string, unknown> {
  const a = assignmentId ? { assignmentId } : {};
  const bodies: Record<string, Record<string, unknown>> = {
    answer: { answer: '按知识库答复' },
    reject: { ground: 'other', reason: '不属于受理范围', basis: '办法第九条' },
    refer: { hotline: '120' },
    dispatch: { units: [{ unitId: w.unit.jfb, role: 'lead' }] },
    sign: a,
    return: { ...a, reason: '不属于本单位职责', basis: '三定方案', suggestedUnitId: w.unit.jbm, onsite: true },
    'approve-return': a,
    'forward-return': a,
    'approve-reply': a,
    'reject-reply': { ...a, reason: '请补充现场照片' },
    coordinate: { heldOn: '2026-11-23', participants: [w.unit.jfb, w.unit.jbm], decisions: '由解放碑街道牵头，市场监管配合', followUps: [{ due: '2026-11-30', note: '复核整改情况' }] },
    'reject-return': { ...a, reason: '属于贵单位职责' },
    subdispatch: { ...a, unitId: w.unit.msl }, // 新华路 may already hold a share passed down
    reply: { ...a, process: '现场处理', result: '已解决', contacted: true },
    'first-response': { ...a, response: '已派人赶赴现场', onSite: true },
    progress: { ...a, progress: '正在抢修，预计今晚恢复' },
    'request-extension': { ...a, days: 2, reason: '情况复杂' },
    'approve-extension': a,
    'reject-extension': { ...a, note: '理由不充分' },
    'approve-completion': {},
    'reject-completion': { reason: '办理结果不完整' },
    visit: { satisfaction: 'satisfied', resolution: 'resolved' },
    'visit-attempt': { method: 'phone', outcome: 'no_answer' },
    'sms-visit': {},
    'close-unreachable': {},
    'mark-exempt': { kind: 'mediation' },
    flag: { enterprise: { name: '某企业' } },
    appeal: { reason: '已依法依规办结', evidence: '通话录音' },
    'approve-appeal': { note: '证据充分' },
    'reject-appeal': { note: '证据不足' },
    remind: { note: '请抓紧' },
    supervise: { note: '请立即办理' },
    'request-supervision-extension': { ...a, days: 2, reason: '情况复杂' },
    'approve-supervision-extension': a,
    'reject-supervision-extension': { ...a, note: '理由不充分' },
    terminate: { opinion: '同一事项已依法依规办理完毕，无新情况新理由', basis: '凉山州办法第十三条（四）' },
    'link-repeat': { originalId: w.original },
    merge: { originalId: w.original },
    archive: {},
  };
  return bodies[action]!;
}

const SHARE_ACTIONS = ['sign', 'return', 'approve-return', 'reject-return', 'forward-return', 'subdispatch', 'reply', 'first-response', 'progress', 'request-extension', 'approve-extension', 'reject-extension', 'request-supervision-extension', 'approve-supervision-extension', 'reject-supervision-extension'];
const ALL_ACTIONS = ['answer', 'reject', 'refer', 'dispatch', 'approve-completion', 'reject-completion', 'visit', 'visit-attempt', 'sms-visit', 'close-unreachable', 'mark-exempt', 'flag', 'appeal', 'approve-appeal', 'reject-appeal', 'remind', 'supervise', 'terminate', 'link-repeat', 'merge', 'archive', ...SHARE_ACTIONS];

async function listed(t: TestApp, user: string, id: string): Promise<Listed[] | null> {
  const r = await t.as(user).get(`/api/tickets/${id}`);
  if (r.statusCode === 404) return null;
  expect(r.statusCode, r.body).toBe(200);
  return r.json().access.actions;
}

/** Checks one state: every actor's list against the server, and returns what was listed (for the named checks). */
async function agree(w: World, name: string, build: Build) {
  const { t } = w;
  const id = await build(w);
  const before = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
  const shares: string[] = before.assignments.map((a: Share) => a.id);
  const lists: Record<string, Listed[]> = {};
  for (const user of ACTORS) {
    const list = await listed(t, user, id);
    lists[user] = list ?? [];
    // a user who may not read the ticket gets 404 for every action (test/server/access-matrix.test.ts)
    if (!list) continue;
    const roles: Role[] = (await t.as(user).get('/api/me')).json().roles;
    const key = (action: string, s: string | null) => list.some((l) => l.action === action && l.assignmentId === s);
    for (const action of ALL_ACTIONS) {
      // an action of roles the user does not hold is refused first of all (403, core/ticket/machine.test.ts)
      if (!(ACTION_RULES[action as TicketAction].roles as Role[]).some((r) => roles.includes(r))) continue;
      for (const s of SHARE_ACTIONS.includes(action) ? shares : [null]) {
        if (key(action, s)) continue;
        const r = await t.as(user).act(id, action, bodyFor(w, action, s));
        expect([403, 404, 409, 422], `${name}: ${user} ${action} ${s ?? ''} is not listed but answered ${r.statusCode} ${r.body}`).toContain(r.statusCode);
      }
    }
  }
  const after = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
  expect(after.version, `${name}: a refused action changed the ticket`).toBe(before.version);
  // every listed action succeeds, each on a fresh ticket in the same state
  for (const user of ACTORS) {
    for (const l of lists[user]!) {
      const fresh = await build(w);
      // the same state built again: the share of the same unit
      const s = l.assignmentId ? (await w.t.as('dispatcher').get(`/api/tickets/${fresh}`)).json().assignments.find((a: Share) => a.unit.name === l.unitName).id : null;
      const r = await t.as(user).act(fresh, l.action, bodyFor(w, l.action, s));
      expect(r.statusCode, `${name}: ${user} ${l.action} ${l.unitName ?? ''} is listed but answered ${r.statusCode} ${r.body}`).toBe(200);
    }
  }
  return lists;
}

const names = (list: Listed[]) => list.map((l) => (l.unitName ? `${l.action}@${l.unitName}` : l.action)).sort();

describe('under chongqing-2021 (an extension is approved one level up, no appeal)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('chongqing-2021');
  }, 120_000);
  afterAll(() => w.t.close());

  it('registered and dispatched tickets', async () => {
    const r = await agree(w, 'registered', registered);
    expect(names(r.agent!)).toEqual(['answer', 'dispatch', 'link-repeat', 'merge', 'refer', 'reject']);
    expect(r.handler1).toEqual([]);
    const d = await agree(w, 'dispatched', dispatched);
    // the lead unit may record a 专题协调 (CQ 第十二条); the assisting unit may not
    expect(names(d.handler1!)).toEqual(['coordinate', 'request-extension@解放碑街道办事处', 'return@解放碑街道办事处', 'sign@解放碑街道办事处']);
    expect(names(d.handler2!)).toEqual(['request-extension@江北区市场监督管理局', 'return@江北区市场监督管理局', 'sign@江北区市场监督管理局']);
  }, 300_000);

  it('handling, and a pending extension: only the unit one level up may decide it (CQ 第十三条（三）)', async () => {
    const h = await agree(w, 'handling', signed);
    // the lead answers once its assisting unit has (CQ 第十三条（二）: 主办单位汇总答复)
    expect(names(h.handler1!)).not.toContain('reply@解放碑街道办事处');
    expect(names(h.handler1!)).toContain('subdispatch@解放碑街道办事处');
    // 江北区市场监督管理局 has no unit below it to pass work down to
    expect(names(h.handler2!)).not.toContain('subdispatch@江北区市场监督管理局');
    const e = await agree(w, 'extension asked', extensionAsked);
    expect(names(e.handler1!)).not.toContain('approve-extension@解放碑街道办事处');
    expect(names(e.handler1!)).not.toContain('request-extension@解放碑街道办事处');
    expect(names(e.yuzhong!)).toEqual(expect.arrayContaining(['approve-extension@解放碑街道办事处', 'reject-extension@解放碑街道办事处']));
    expect(names(e.dispatcher!)).not.toContain('approve-extension@解放碑街道办事处');
    expect(names(e.jiangbei!).filter((n) => n.includes('extension'))).toEqual(['request-extension@江北区市场监督管理局']); // on behalf of its department, not a decision
    const a = await agree(w, 'assist extension asked', assistExtensionAsked);
    expect(names(a.jiangbei!).filter((n) => /^(approve|reject)-/.test(n))).toEqual(['approve-extension@江北区市场监督管理局', 'reject-extension@江北区市场监督管理局']);
    expect(names(a.yuzhong!)).not.toContain('approve-extension@江北区市场监督管理局');
  }, 300_000);

  it('a return, a share passed down, review, visit, redo, closed, a repeat', async () => {
    const r = await agree(w, 'return asked', returnAsked);
    expect(names(r.dispatcher!)).toEqual(expect.arrayContaining(['approve-return@解放碑街道办事处', 'reject-return@解放碑街道办事处']));
    // a community's return waits for the street office that passed it down (CQ 第十三条（一）: 逐级向上提交)
    const sr = await agree(w, 'sub-unit return asked', subReturnAsked);
    expect(names(sr.handler1!)).toEqual(expect.arrayContaining(['approve-return@新华路社区居委会', 'forward-return@新华路社区居委会', 'reject-return@新华路社区居委会']));
    for (const u of ['dispatcher', 'admin', 'yuzhong', 'handler2', 'xinhualu1']) expect(names(sr[u]!).filter((n) => n.endsWith('-return@新华路社区居委会')), u).toEqual([]);
    const p = await agree(w, 'passed down', passedDown);
    expect(names(p.handler1!)).not.toContain('reply@解放碑街道办事处'); // its community has not answered yet
    expect(names(p.xinhualu1!)).toContain('sign@新华路社区居委会');
    expect(names(p.handler1!)).toContain('sign@新华路社区居委会'); // on behalf of the unit below
    expect(p.handler1!.find((l) => l.action === 'sign')!.onBehalf).toBe(true);
    const v = await agree(w, 'reviewing', reviewing);
    expect(names(v.dispatcher!)).toEqual(expect.arrayContaining(['approve-completion', 'reject-completion']));
    await agree(w, 'visiting', visiting);
    const d = await agree(w, 'redo', redo);
    expect(names(d.handler1!)).not.toContain('appeal'); // chongqing-2021 sets no appeal
    await agree(w, 'closed', closedDissatisfied);
    const sv = await agree(w, 'supervised', supervised);
    expect(names(sv.handler1!)).not.toContain('request-supervision-extension@解放碑街道办事处'); // chongqing-2021 sets no 督办延期
    const rep = await agree(w, 'repeat', repeatHandling);
    expect(names(rep.handler1!)).toContain('terminate');
    expect(names(rep.handler2!)).toContain('terminate');
  }, 600_000);
});

describe('under shaoyang-2023 (the hotline approves extensions, once; units may appeal)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('shaoyang-2023');
  }, 120_000);
  afterAll(() => w.t.close());

  it('extensions: the center decides; a second one is not offered', async () => {
    const e = await agree(w, 'extension asked', extensionAsked);
    expect(names(e.dispatcher!)).toEqual(expect.arrayContaining(['approve-extension@解放碑街道办事处']));
    expect(names(e.yuzhong!)).not.toContain('approve-extension@解放碑街道办事处');
    const u = await agree(w, 'extension used', extensionUsed);
    expect(names(u.handler1!)).not.toContain('request-extension@解放碑街道办事处');
  }, 300_000);

  it('督办事项延期 (SY 第二十四条): a supervised unit may ask once; the hotline’s supervisors decide', async () => {
    const h = await agree(w, 'handling', signed);
    expect(names(h.handler1!)).not.toContain('request-supervision-extension@解放碑街道办事处'); // nothing supervised
    const s = await agree(w, 'supervised', supervised);
    expect(names(s.handler1!)).toContain('request-supervision-extension@解放碑街道办事处');
    expect(names(s.handler2!)).toContain('request-supervision-extension@江北区市场监督管理局');
    const a = await agree(w, 'supervision extension asked', supervisionExtensionAsked);
    expect(names(a.handler1!)).not.toContain('request-supervision-extension@解放碑街道办事处');
    for (const u of ['supervisor', 'admin']) expect(names(a[u]!), u).toEqual(expect.arrayContaining(['approve-supervision-extension@解放碑街道办事处', 'reject-supervision-extension@解放碑街道办事处']));
    for (const u of ['dispatcher', 'yuzhong', 'handler1']) expect(names(a[u]!).filter((n) => n.includes('supervision-extension@解放碑')), u).toEqual([]);
  }, 600_000);

  it('特殊事项 (SY 第二十条): the unit is offered its first response once, the others nothing', async () => {
    const h = await agree(w, 'special, signed', specialSigned);
    expect(names(h.handler1!)).toContain('first-response@解放碑街道办事处');
    expect(names(h.handler1!)).not.toContain('progress@解放碑街道办事处'); // shaoyang-2023 sets no progress clock
    expect(names(h.handler2!)).toEqual([]);
    const normal = await agree(w, 'handling', signed);
    expect(names(normal.handler1!)).not.toContain('first-response@解放碑街道办事处');
  }, 300_000);

  it('联系不上 (SY 第十四条（二）): offered to the visitor after the third try, not before; no SMS visit under 邵阳', async () => {
    const v = await agree(w, 'visiting', visiting);
    expect(names(v.visitor!)).toEqual(['mark-exempt', 'visit', 'visit-attempt']);
    const u = await agree(w, 'three tries', unreachable);
    expect(names(u.visitor!)).toEqual(['close-unreachable', 'mark-exempt', 'visit', 'visit-attempt']);
    expect(names(u.dispatcher!)).toContain('mark-exempt');
    expect(names(u.handler1!)).not.toContain('mark-exempt');
  }, 300_000);

  it('a dissatisfied visit: the unit dispatched to appeals (SY 第二十五条); the center decides', async () => {
    const c = await agree(w, 'closed dissatisfied', closedDissatisfied);
    expect(names(c.handler1!)).toContain('appeal');
    expect(names(c.handler2!)).toContain('appeal');
    expect(names(c.yuzhong!)).not.toContain('appeal');
    const a = await agree(w, 'appealed', appealed);
    expect(names(a.handler1!)).not.toContain('appeal');
    for (const u of ['dispatcher', 'supervisor', 'admin']) expect(names(a[u]!)).toEqual(expect.arrayContaining(['approve-appeal', 'reject-appeal']));
  }, 300_000);
});
