import type { Db, Queryable } from '../db/connection.ts';
import { UnitFileError, type UnitRow } from './import-file.ts';
import { createUnit } from './store.ts';

/** A unit already in the database, as the import plan sees it. */
export interface ExistingUnit {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  regionCode: string | null;
  responsibilities: string[];
}

export type UnitOp =
  | { op: 'create'; key: string; parentKey: string | null; row: UnitRow }
  | { op: 'update'; id: string; row: UnitRow }
  | { op: 'same'; id: string; row: UnitRow };

interface Node {
  key: string;
  parentKey: string | null;
  name: string;
  /** The row that placed this node (a unit is named by at most one row of a file). */
  row?: UnitRow;
}

/**
 * Works out what a unit file does to the tree, without writing anything: a unit is known by its
 * parent and its name, so a second import of the same file changes nothing. Parents may be named
 * by a unique name or a path from the root, and may come later in the file. Every problem is
 * reported with the line it is on; a file with any problem changes nothing.
 */
export function planUnitImport(existing: ExistingUnit[], rows: UnitRow[]): UnitOp[] {
  const nodes = new Map<string, Node>();
  const children = new Map<string | null, Map<string, Node>>();
  const place = (n: Node) => {
    nodes.set(n.key, n);
    if (!children.has(n.parentKey)) children.set(n.parentKey, new Map());
    children.get(n.parentKey)!.set(n.name, n);
  };
  for (const u of existing) place({ key: u.id, parentKey: u.parentId, name: u.name });
  const byId = new Map(existing.map((u) => [u.id, u]));
  const problems: string[] = [];
  const ops: UnitOp[] = [];
  let pending = [...rows];

  type Found = { ok: string | null } | { wait: true } | { error: string };
  const waitingFor = (name: string, self: UnitRow) => pending.some((r) => r.name === name && r !== self) || self.name === name;
  const findParent = (row: UnitRow): Found => {
    if (!row.parent) return { ok: null };
    const parts = row.parent.split('/').map((s) => s.trim()).filter(Boolean);
    if (parts.length > 1) {
      let at: string | null = null;
      for (const name of parts) {
        const next: Node | undefined = children.get(at)?.get(name);
        if (!next) return waitingFor(name, row) ? { wait: true } : { error: `${row.where}：上级单位「${row.parent}」不存在（找不到「${name}」）` };
        at = next.key;
      }
      return { ok: at };
    }
    const name = parts[0]!;
    if (waitingFor(name, row)) return { wait: true };
    const found = [...nodes.values()].filter((n) => n.name === name);
    if (!found.length) return { error: `${row.where}：上级单位「${name}」不存在（既不在文件中，也不在现有单位中）` };
    if (found.length > 1) return { error: `${row.where}：有 ${found.length} 个单位叫「${name}」，请把上级写成完整路径（如 热线中心/区/${name}）` };
    return { ok: found[0]!.key };
  };

  for (let progress = true; progress && pending.length; ) {
    progress = false;
    for (const row of [...pending]) {
      const found = findParent(row);
      if ('wait' in found) continue;
      pending = pending.filter((r) => r !== row);
      progress = true;
      if ('error' in found) {
        problems.push(found.error);
        continue;
      }
      const parentKey = found.ok;
      if (parentKey === null && row.kind !== 'center') problems.push(`${row.where}：「${row.name}」没有上级单位，只有热线中心（center）可以作为根单位`);
      if (parentKey !== null && row.kind === 'center') problems.push(`${row.where}：热线中心（center）只能是根单位，不能有上级（「${row.parent}」）`);
      if (parentKey === null) {
        const other = [...(children.get(null)?.values() ?? [])].find((n) => n.name !== row.name);
        if (other) problems.push(`${row.where}：单位树已有根单位「${other.name}」，只能有一个热线中心`);
      }
      const same = children.get(parentKey)?.get(row.name);
      if (same?.row) {
        problems.push(`${row.where}：与${same.row.where}重复（同一上级下的「${row.name}」）`);
        continue;
      }
      if (same) {
        same.row = row;
        const u = byId.get(same.key)!;
        const changed = u.kind !== row.kind || u.regionCode !== row.regionCode || u.responsibilities.join('\n') !== row.duties.join('\n');
        ops.push({ op: changed ? 'update' : 'same', id: u.id, row });
      } else {
        const key = `row:${row.line}`;
        place({ key, parentKey, name: row.name, row });
        ops.push({ op: 'create', key, parentKey, row });
      }
    }
  }
  // what is left waits on itself: a chain of parents that comes back round
  for (const row of pending) {
    const chain = [row.name];
    let cycle: boolean;
    for (let at = row; ; ) {
      const parentName = at.parent.split('/').map((x) => x.trim()).filter(Boolean).pop()!;
      cycle = chain.includes(parentName);
      chain.push(parentName);
      const next = pending.find((r) => r.name === parentName);
      if (cycle || !next) break;
      at = next;
    }
    problems.push(cycle ? `${row.where}：上级关系成环：${chain.join(' → ')}` : `${row.where}：上级单位「${row.parent}」不存在`);
  }
  if (problems.length) throw new UnitFileError(problems.sort((a, b) => lineOf(a) - lineOf(b)));
  return ops;
}

function lineOf(problem: string): number {
  return Number(/第 (\d+) [行项]/.exec(problem)?.[1] ?? 0);
}

async function existingUnits(db: Queryable): Promise<ExistingUnit[]> {
  const { rows } = await db.query<ExistingUnit>(
    `SELECT id, parent_id AS "parentId", name, kind, region_code AS "regionCode", responsibilities FROM units ORDER BY path`,
  );
  return rows;
}

/** Applies a unit file in one transaction: all of it or, at the first problem, none of it. */
export async function importUnits(db: Db, rows: UnitRow[]): Promise<{ created: number; updated: number; unchanged: number }> {
  return db.transaction(async (tx) => {
    // two imports at once would each plan against a tree the other is changing
    await tx.query('LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE');
    const ops = planUnitImport(await existingUnits(tx), rows);
    const ids = new Map<string, string>();
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const o of ops) {
      const r = o.row;
      if (o.op === 'create') {
        const parentId = o.parentKey === null ? null : (ids.get(o.parentKey) ?? o.parentKey);
        ids.set(o.key, await createUnit(tx, { parentId, name: r.name, kind: r.kind, regionCode: r.regionCode, responsibilities: r.duties }));
        counts.created++;
      } else if (o.op === 'update') {
        await tx.query('UPDATE units SET kind = $2, region_code = $3, responsibilities = $4 WHERE id = $1', [o.id, r.kind, r.regionCode, r.duties]);
        counts.updated++;
      } else counts.unchanged++;
    }
    return counts;
  });
}

/** The tree as rows an import takes back: parents first, each parent written as its full path. */
export async function exportUnits(db: Queryable): Promise<{ name: string; kind: string; parent: string; region_code: string; duties: string[] }[]> {
  const units = await existingUnits(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const pathOf = (id: string | null): string[] => {
    const out: string[] = [];
    for (let u = id ? byId.get(id) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined) out.unshift(u.name);
    return out;
  };
  return units.map((u) => ({ name: u.name, kind: u.kind, parent: pathOf(u.parentId).join('/'), region_code: u.regionCode ?? '', duties: u.responsibilities }));
}
