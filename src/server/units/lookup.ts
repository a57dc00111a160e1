import type { Queryable } from '../db/connection.ts';

export interface UnitRef {
  id: string;
  name: string;
  kind: string;
}

/**
 * Finds a unit as a person writes it on the command line: a name when it is unique, or a path of
 * names from the root ("示范市12345热线中心/东城区/和平街道") when it is not.
 */
export async function findUnit(db: Queryable, ref: string): Promise<UnitRef> {
  const parts = ref.split('/').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new UnitLookupError('请填写单位名称');
  if (parts.length === 1) {
    const { rows } = await db.query<UnitRef>('SELECT id, name, kind FROM units WHERE name = $1', [parts[0]]);
    if (!rows.length) throw new UnitLookupError(`单位不存在：${ref}`);
    if (rows.length > 1) throw new UnitLookupError(`有 ${rows.length} 个单位叫「${ref}」，请写完整路径（如 热线中心/区/单位）`);
    return rows[0]!;
  }
  let parentId: string | null = null;
  let found: UnitRef | undefined;
  for (const name of parts) {
    const { rows }: { rows: UnitRef[] } = await db.query<UnitRef>(
      'SELECT id, name, kind FROM units WHERE name = $1 AND parent_id IS NOT DISTINCT FROM $2',
      [name, parentId],
    );
    found = rows[0];
    if (!found) throw new UnitLookupError(`单位不存在：${ref}（找不到「${name}」）`);
    parentId = found.id;
  }
  return found!;
}

export class UnitLookupError extends Error {
  override name = 'UnitLookupError';
}
