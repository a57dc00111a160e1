import type { Actor } from '../../auth/actor.ts';
import { DEMO_PASSWORD, hashPassword } from '../../auth/passwords.ts';
import { ACTOR_COLUMNS, actorFromRow, type ActorRow } from '../../auth/sessions.ts';
import type { Db } from '../../db/connection.ts';
import { createUser } from '../../units/store.ts';

/**
 * Who works in the demo city's history: the center's demo accounts, and one handler (承办人) in every
 * unit that has none yet, so that each unit's shares are signed and replied by a person of that
 * unit — as a sign-in, demo accounts like the others (password demo12345).
 */
const HANDLERS: Record<string, [username: string, displayName: string]> = {
  渝中区城市管理局: ['yz-chengguan', '渝中区城管局 马骏'],
  渝中区住房和城乡建设委员会: ['yz-zhujian', '渝中区住建委 邓丽'],
  渝中区市场监督管理局: ['yz-shichang', '渝中区市场监管局 唐涛'],
  渝中区生态环境局: ['yz-huanjing', '渝中区生态环境局 冉静'],
  新华路社区居委会: ['xinhualu', '新华路社区 谢敏'],
  民生路社区居委会: ['minshenglu', '民生路社区 彭勇'],
  七星岗街道办事处: ['qixinggang', '七星岗街道 罗文'],
  金汤街社区居委会: ['jintangjie', '金汤街社区 曾霞'],
  江北区城市管理局: ['jb-chengguan', '江北区城管局 蒋超'],
  江北区生态环境局: ['jb-huanjing', '江北区生态环境局 袁婷'],
  观音桥街道办事处: ['guanyinqiao', '观音桥街道 向华'],
  建新北路社区居委会: ['jianxinbeilu', '建新北路社区 胡玲'],
  五里店街道办事处: ['wulidian', '五里店街道 谭鑫'],
  // the bodies that run a line beside 12345 (history/directory.ts)
  重庆市税务局12366纳税缴费服务分中心: ['shuiwu-12366', '12366分中心 杨帆'],
  重庆市人力资源和社会保障局: ['renshe', '市人力社保局 吴斌'],
};

export interface UnitInfo {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  children: string[];
}

export interface Cast {
  agent: Actor;
  dispatcher: Actor;
  visitor: Actor;
  supervisor: Actor;
  units: Map<string, UnitInfo>;
  unitByName(name: string): UnitInfo | undefined;
  /** The person of the unit who signs and replies its shares (承办人, else its administrator). */
  worker(unitId: string): Actor;
  /** The unit's reviewer (单位管理员) who lets its replies leave it (本单位审核), if it has one. */
  reviewer(unitId: string): Actor | null;
  /** The accounts created for the history, for the start-up message. */
  created: string[];
}

/**
 * `reviewers`: the preset has every unit review its replies (大足 第五条（二）), so each unit that
 * handles shares gets a reviewer beside its handler, or its replies would never leave it.
 */
export async function assembleCast(db: Db, options: { reviewers?: boolean } = {}): Promise<Cast> {
  const { rows: unitRows } = await db.query<{ id: string; name: string; kind: string; parent_id: string | null }>(
    'SELECT id, name, kind, parent_id FROM units WHERE active',
  );
  // by name, not by path or id (random uuids): the same city every time
  unitRows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const units = new Map<string, UnitInfo>(unitRows.map((u) => [u.id, { id: u.id, name: u.name, kind: u.kind, parentId: u.parent_id, children: [] }]));
  for (const u of units.values()) if (u.parentId) units.get(u.parentId)?.children.push(u.id);

  const loadActors = async () => {
    const { rows } = await db.query<ActorRow>(`SELECT ${ACTOR_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.active ORDER BY u.username`);
    return rows.map((r) => actorFromRow(r, true));
  };
  let actors = await loadActors();
  const works = (a: Actor) => a.roles.includes('handler') || a.roles.includes('unit_admin');
  const created: string[] = [];
  const missing = [...units.values()].filter((u) => u.kind !== 'center' && u.kind !== 'district' && !actors.some((a) => a.unit.id === u.id && works(a)));
  if (missing.length) {
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      for (const [i, u] of missing.entries()) {
        const [username, displayName] = HANDLERS[u.name] ?? [`unit${i + 1}`, `${u.name} 承办人`];
        await createUser(tx, { username, displayName, unitId: u.id, roles: ['handler'], password: DEMO_PASSWORD, passwordHash: hash, defaultPassword: true, demoAccount: true });
        created.push(username);
      }
    });
    actors = await loadActors();
  }
  const unreviewed = options.reviewers ? [...units.values()].filter((u) => u.kind !== 'center' && u.kind !== 'district' && !actors.some((a) => a.unit.id === u.id && a.roles.includes('unit_admin'))) : [];
  if (unreviewed.length) {
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      for (const [i, u] of unreviewed.entries()) {
        const username = `${HANDLERS[u.name]?.[0] ?? `unit${i + 1}`}-review`;
        await createUser(tx, { username, displayName: `${u.name} 审核人`, unitId: u.id, roles: ['unit_admin'], password: DEMO_PASSWORD, passwordHash: hash, defaultPassword: true, demoAccount: true });
        created.push(username);
      }
    });
    actors = await loadActors();
  }
  const center = (role: Actor['roles'][number], username: string) =>
    actors.find((a) => a.username === username && a.isCenter) ?? actors.find((a) => a.isCenter && a.roles.includes(role));
  const need = (a: Actor | undefined, what: string) => {
    if (!a) throw new Error(`演示城市缺少${what}账号，无法生成历史工单`);
    return a;
  };
  return {
    agent: need(center('agent', 'agent'), '话务员'),
    dispatcher: need(center('dispatcher', 'dispatcher'), '派单员'),
    visitor: need(center('visitor', 'visitor'), '回访员'),
    supervisor: need(center('supervisor', 'supervisor'), '督办员'),
    units,
    unitByName: (name) => [...units.values()].find((u) => u.name === name),
    worker: (unitId) => need(actors.find((a) => a.unit.id === unitId && a.roles.includes('handler')) ?? actors.find((a) => a.unit.id === unitId && works(a)), '承办单位'),
    reviewer: (unitId) => actors.find((a) => a.unit.id === unitId && a.roles.includes('unit_admin')) ?? null,
    created,
  };
}
