import type { Role } from '../../core/vocabulary.ts';
import { DEMO_PASSWORD, hashPassword } from '../auth/passwords.ts';
import { trainAndSave } from '../classify/training.ts';
import type { Db } from '../db/connection.ts';
import { insertRule, type RuleInput } from '../dispatch/rules-store.ts';
import { CLASSIFIER_SAMPLES } from './classifier-samples.ts';
import { createUnit, createUser, type UnitKind } from '../units/store.ts';

interface UnitSpec {
  name: string;
  kind: UnitKind;
  code?: string;
  duties?: string[];
  key?: string;
  /**
   * Runs around the clock: 邵阳 第二十条 asks a 24小时响应制度 of 生态环境、城管执法 (and 应急、卫健、
   * 公安、水电气) units, and a 24小时联动机制 of the 城管 departments; the demo city's such units keep it.
   */
  aroundTheClock?: boolean;
  children?: UnitSpec[];
}

/** A demo city: the hotline center, two districts with departments, streets and communities. */
const CITY: UnitSpec = {
  name: '12345政务服务便民热线中心',
  kind: 'center',
  code: '500000',
  key: 'center',
  children: [
    {
      name: '渝中区',
      kind: 'district',
      code: '500103',
      key: 'yuzhong',
      children: [
        { name: '渝中区城市管理局', kind: 'department', code: '500103', key: 'yzCity', aroundTheClock: true, duties: ['市容环境', '占道经营', '户外广告', '路灯', '垃圾清运'] },
        { name: '渝中区住房和城乡建设委员会', kind: 'department', code: '500103', duties: ['物业管理', '房屋安全', '建筑施工噪音'] },
        { name: '渝中区市场监督管理局', kind: 'department', code: '500103', duties: ['食品安全', '价格', '消费维权'] },
        { name: '渝中区生态环境局', kind: 'department', code: '500103', aroundTheClock: true, duties: ['噪声污染', '油烟', '水污染'] },
        {
          name: '解放碑街道办事处',
          kind: 'street',
          code: '500103003',
          key: 'jiefangbei',
          duties: ['辖区综合治理', '社区服务'],
          children: [
            { name: '新华路社区居委会', kind: 'community', code: '500103003', key: 'xinhualu' },
            { name: '民生路社区居委会', kind: 'community', code: '500103003' },
          ],
        },
        {
          name: '七星岗街道办事处',
          kind: 'street',
          code: '500103001',
          children: [{ name: '金汤街社区居委会', kind: 'community', code: '500103001' }],
        },
      ],
    },
    {
      name: '江北区',
      kind: 'district',
      code: '500105',
      key: 'jiangbei',
      children: [
        { name: '江北区市场监督管理局', kind: 'department', code: '500105', key: 'jbMarket', duties: ['食品安全', '价格', '消费维权', '特种设备'] },
        { name: '江北区城市管理局', kind: 'department', code: '500105', aroundTheClock: true, duties: ['市容环境', '占道经营', '路灯'] },
        { name: '江北区生态环境局', kind: 'department', code: '500105', aroundTheClock: true, duties: ['噪声污染', '油烟', '水污染'] },
        {
          name: '观音桥街道办事处',
          kind: 'street',
          code: '500105006',
          children: [{ name: '建新北路社区居委会', kind: 'community', code: '500105006' }],
        },
        { name: '五里店街道办事处', kind: 'street', code: '500105007' },
      ],
    },
  ],
};

/**
 * The demo 派单目录: matters with a department of their own go to the district department with
 * that duty; the rest of a domain goes to the street office of the place (属地).
 */
const ROUTING: Array<Omit<RuleInput, 'note' | 'regionCode' | 'unitId'> & { note?: string }> = [
  { category: '城乡建设/路灯照明', unitKind: 'department', duty: '路灯' },
  { category: '城乡建设/物业管理', unitKind: 'department', duty: '物业管理' },
  { category: '城乡建设/房屋安全', unitKind: 'department', duty: '房屋安全' },
  { category: '城乡建设', unitKind: 'street', duty: null, note: '其余城乡建设事项由属地街道办理' },
  { category: '环境保护/噪声扰民', unitKind: 'department', duty: '噪声污染' },
  { category: '环境保护/油烟污染', unitKind: 'department', duty: '油烟' },
  { category: '环境保护/垃圾清运', unitKind: 'department', duty: '垃圾清运' },
  { category: '环境保护', unitKind: 'street', duty: null },
  { category: '商贸旅游', unitKind: 'department', duty: '消费维权' },
  { category: '商贸旅游/食品安全', unitKind: 'department', duty: '食品安全' },
  { category: '公共安全', unitKind: 'street', duty: null },
];

const USERS: Array<{ username: string; name: string; unit: string; roles: Role[] }> = [
  { username: 'admin', name: '系统管理员', unit: 'center', roles: ['admin', 'kb_reviewer'] },
  { username: 'agent', name: '话务员王芳', unit: 'center', roles: ['agent'] },
  { username: 'dispatcher', name: '派单员李强', unit: 'center', roles: ['dispatcher'] },
  { username: 'visitor', name: '回访员陈静', unit: 'center', roles: ['visitor'] },
  { username: 'supervisor', name: '督办员赵敏', unit: 'center', roles: ['supervisor'] },
  { username: 'handler1', name: '解放碑街道 刘洋', unit: 'jiefangbei', roles: ['handler'] },
  { username: 'handler2', name: '江北区市场监管局 周杰', unit: 'jbMarket', roles: ['handler'] },
  // The street office's reviewer: approves its replies before they leave the unit where the unit
  // reviews them (本单位审核: 重庆 第六条（二）审核办理结果, 大足 第五条（二）四关).
  { username: 'reviewer1', name: '解放碑街道 办公室 陈红', unit: 'jiefangbei', roles: ['unit_admin'] },
  { username: 'kbeditor', name: '知识采编 吴婷', unit: 'center', roles: ['kb_editor'] },
  { username: 'leader', name: '热线中心主任 孙伟', unit: 'center', roles: ['leader', 'analyst'] },
  // drafts the monthly 通报 that the leader reviews (a leader does not approve his own draft)
  { username: 'analyst', name: '分析员 马丽', unit: 'center', roles: ['analyst'] },
  { username: 'auditor', name: '安全审计员 郑洁', unit: 'center', roles: ['auditor'] },
  // Deciders one level up (CQ 第十三条（三）: an extension needs the consent of the unit above):
  // the districts' own desks approve the requests of their departments and street offices.
  { username: 'yuzhong', name: '渝中区 政务服务办 黄磊', unit: 'yuzhong', roles: ['unit_admin'] },
  { username: 'jiangbei', name: '江北区 政务服务办 何静', unit: 'jiangbei', roles: ['unit_admin'] },
  // Knowledge entries are reviewed by someone other than their writer (重庆 第十八条).
  { username: 'kbreviewer', name: '知识审核 林晓', unit: 'center', roles: ['kb_reviewer'] },
];

export const DEMO_USERNAMES = USERS.map((u) => u.username);

export async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM units');
  return rows[0]!.n === 0;
}

/**
 * Seeds the demo city in one transaction; every demo account has the demo password. Then a demo
 * classifier from our own sample requests, so that 智能分类 answers before any ticket is closed.
 */
export async function seedDemo(db: Db): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const keys = new Map<string, string>();
    const walk = async (spec: UnitSpec, parentId: string | null) => {
      const id = await createUnit(tx, { parentId, name: spec.name, kind: spec.kind, regionCode: spec.code ?? null, responsibilities: spec.duties ?? [] });
      if (spec.key) keys.set(spec.key, id);
      if (spec.aroundTheClock) await tx.query('UPDATE units SET own_hours = $2 WHERE id = $1', [id, JSON.stringify({ mode: 'aroundTheClock' })]);
      for (const child of spec.children ?? []) await walk(child, id);
    };
    await walk(CITY, null);
    for (const u of USERS) {
      await createUser(tx, { username: u.username, displayName: u.name, unitId: keys.get(u.unit)!, roles: u.roles, password: DEMO_PASSWORD, passwordHash: hash, defaultPassword: true, demoAccount: true });
    }
    for (const r of ROUTING) await insertRule(tx, { regionCode: null, unitId: null, note: null, ...r }, null);
  });
  await trainAndSave(db, CLASSIFIER_SAMPLES, 'demo');
}
