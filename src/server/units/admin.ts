import { PRESET_IDS } from '../../core/policy/presets.ts';
import type { Queryable } from '../db/connection.ts';
import { announcePresets } from '../policy/for-unit.ts';
import { conflict, invalid, notFound } from '../http/errors.ts';
import { createUnit, type UnitKind } from './store.ts';

/** A duty contact of a unit: whom the center calls to chase a ticket (work numbers, not callers' data). */
export interface UnitContact {
  name: string;
  phone: string;
  title?: string;
}

export interface UnitFields {
  name: string;
  kind: UnitKind;
  regionCode?: string | null;
  /** 职责: what the unit handles; smart dispatch matches requests against these words. */
  responsibilities: string[];
  contacts: UnitContact[];
}

interface UnitRow {
  id: string;
  parent_id: string | null;
  path: string;
  name: string;
  kind: string;
  active: boolean;
}

async function unitForUpdate(tx: Queryable, id: string): Promise<UnitRow> {
  const { rows } = await tx.query<UnitRow>('SELECT id, parent_id, path, name, kind, active FROM units WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw notFound('单位不存在');
  return rows[0];
}

/** Two units of one name under one parent could not be told apart (on the command line, in imports). */
async function refuseSiblingName(tx: Queryable, parentId: string | null, name: string, self: string | null): Promise<void> {
  const { rows } = await tx.query(
    'SELECT 1 FROM units WHERE parent_id IS NOT DISTINCT FROM $1 AND name = $2 AND id IS DISTINCT FROM $3',
    [parentId, name, self],
  );
  if (rows.length) throw invalid(`同一上级单位下已有「${name}」`, [{ path: 'name', message: '同级单位重名' }]);
}

async function activeParent(tx: Queryable, parentId: string): Promise<UnitRow> {
  const { rows } = await tx.query<UnitRow>('SELECT id, parent_id, path, name, kind, active FROM units WHERE id = $1', [parentId]);
  const parent = rows[0];
  if (!parent) throw invalid('上级单位不存在', [{ path: 'parentId', message: '上级单位不存在' }]);
  if (!parent.active) throw invalid(`上级单位「${parent.name}」已停用`, [{ path: 'parentId', message: '上级单位已停用' }]);
  return parent;
}

export async function addUnit(tx: Queryable, parentId: string, f: UnitFields, now: number): Promise<string> {
  if (f.kind === 'center') throw invalid('只有单位树的根是热线中心', [{ path: 'kind', message: '请选择单位类型' }]);
  await activeParent(tx, parentId);
  await refuseSiblingName(tx, parentId, f.name, null);
  const id = await createUnit(tx, { parentId, name: f.name, kind: f.kind, regionCode: f.regionCode ?? null, responsibilities: f.responsibilities });
  await tx.query('UPDATE units SET contacts = $2, updated_at = $3 WHERE id = $1', [id, JSON.stringify(f.contacts), new Date(now)]);
  return id;
}

export async function updateUnit(tx: Queryable, id: string, f: UnitFields, now: number): Promise<void> {
  const unit = await unitForUpdate(tx, id);
  // the center's kind is what makes its staff the center (src/server/auth/sessions.ts)
  if ((unit.kind === 'center') !== (f.kind === 'center')) {
    throw invalid(unit.kind === 'center' ? '热线中心的类型不能修改' : '只有单位树的根是热线中心', [{ path: 'kind', message: '类型不能改为或改自热线中心' }]);
  }
  await refuseSiblingName(tx, unit.parent_id, f.name, id);
  await tx.query(
    'UPDATE units SET name = $2, kind = $3, region_code = $4, responsibilities = $5, contacts = $6, updated_at = $7 WHERE id = $1',
    [id, f.name, f.kind, f.regionCode ?? null, f.responsibilities, JSON.stringify(f.contacts), new Date(now)],
  );
}

/**
 * Moves a unit, with its whole subtree, under another parent. The materialised path of every unit
 * below changes in the same transaction; nothing else stores a unit's path (tickets, shares and
 * sessions join units by id), so who sees which ticket follows at once.
 */
export async function moveUnit(tx: Queryable, id: string, parentId: string, now: number): Promise<{ moved: number }> {
  const unit = await unitForUpdate(tx, id);
  if (!unit.parent_id) throw invalid('顶级单位（热线中心）不能移动');
  if (unit.parent_id === parentId) throw invalid('已在该上级单位之下', [{ path: 'parentId', message: '上级单位未变' }]);
  const parent = await activeParent(tx, parentId);
  if (parent.path.startsWith(unit.path)) throw invalid('不能移到本单位或其下级单位之下', [{ path: 'parentId', message: '不能移到自己的下级' }]);
  await refuseSiblingName(tx, parentId, unit.name, id);
  const newPath = `${parent.path}${id}/`;
  // every path in the subtree begins with the unit's own; only that beginning changes
  const { rowCount } = await tx.query(
    `UPDATE units SET path = $2 || substr(path, length($1) + 1) WHERE path LIKE $3`,
    [unit.path, newPath, `${unit.path.replace(/[\\%_]/g, (m) => `\\${m}`)}%`],
  );
  await tx.query('UPDATE units SET parent_id = $2, updated_at = $3 WHERE id = $1', [id, parentId, new Date(now)]);
  return { moved: rowCount };
}

/**
 * A deactivated unit takes no new dispatches (dispatch and subdispatch refuse it, the pickers grey
 * it out); its open shares stay with it and its users keep signing in to finish them.
 */
export async function setUnitActive(tx: Queryable, id: string, active: boolean, now: number): Promise<void> {
  const unit = await unitForUpdate(tx, id);
  if (unit.active === active) throw conflict(active ? '该单位已是启用状态' : '该单位已停用');
  if (!active) {
    if (!unit.parent_id) throw invalid('顶级单位（热线中心）不能停用');
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM units WHERE parent_id = $1 AND active ORDER BY name LIMIT 3', [id]);
    if (rows.length) throw invalid(`请先停用或移走下级单位：${rows.map((r) => r.name).join('、')}`);
  } else if (unit.parent_id) {
    await activeParent(tx, unit.parent_id);
  }
  await tx.query('UPDATE units SET active = $2, updated_at = $3 WHERE id = $1', [id, active, new Date(now)]);
}

/**
 * 本单位审核 (CQ 第六条（二）, DZ 第五条（二）, LS 第七条（二）, SY 第六条（三）): whether the unit's replies wait
 * for its reviewer (单位管理员) before they leave it; null returns the unit to the preset's default.
 * Replies already waiting stay with the reviewer; the choice applies to the next reply.
 */
export async function setReplyReview(tx: Queryable, id: string, required: boolean | null, now: number): Promise<void> {
  const unit = await unitForUpdate(tx, id);
  if (unit.kind === 'center') throw invalid('热线中心不是承办单位，无需设置答复审核', [{ path: 'required', message: '热线中心不适用' }]);
  await tx.query('UPDATE units SET reply_review = $2, updated_at = $3 WHERE id = $1', [id, required, new Date(now)]);
}

/**
 * 预设按单位子树 (issue 13 item 10): the regulation the unit and the units below it follow — 大足区 under
 * 重庆 follows dazu-2021 (大足 第一条: the district's own 办法 under 渝府办发〔2021〕8号). null: as the unit
 * above it. Clocks already running keep the preset they started under (clocks.preset); what starts
 * from now on follows the new one. The center follows the deployment's default (POLICY) and sets none.
 */
export async function setUnitPreset(tx: Queryable, id: string, preset: string | null, now: number): Promise<void> {
  if (preset !== null && !PRESET_IDS.includes(preset)) {
    throw invalid(`没有名为“${preset}”的时限预设，可选：${PRESET_IDS.join('、')}`, [{ path: 'preset', message: '未知的时限预设' }]);
  }
  const unit = await unitForUpdate(tx, id);
  if (unit.kind === 'center') throw invalid('热线中心按部署的默认时限预设（POLICY）执行，不单独设置', [{ path: 'preset', message: '热线中心不适用' }]);
  await tx.query('UPDATE units SET preset = $2, updated_at = $3 WHERE id = $1', [id, preset, new Date(now)]);
  await announcePresets(tx);
}
