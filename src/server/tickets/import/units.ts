import type { Queryable } from '../../db/connection.ts';
import { createUnit, type UnitKind } from '../../units/store.ts';

interface UnitNode {
  id: string;
  name: string;
  parentId: string | null;
  kind: string;
}

/** What a unit name in a legacy file turned out to be. */
export type UnitFound = { id: string } | { error: string };

/**
 * The unit tree as a legacy file names it: a unit by its name when that is unique, or by a path of
 * names from the root (热线中心/渝中区/解放碑街道) — as `open12345 users create --unit` does. With
 * createMissing, a name not in the tree becomes a unit under the center (a path: under the unit the
 * rest of the path names), its kind guessed from the name's ending.
 */
export class UnitDirectory {
  #nodes: UnitNode[] = [];
  readonly created: string[] = [];
  createdCenter: string | null = null;

  private constructor(
    private readonly tx: Queryable,
    private readonly createMissing: boolean,
  ) {}

  /** Reads the tree, creating the center on an empty one ("if the database has no center yet"). */
  static async load(tx: Queryable, opts: { createMissing: boolean; centerName: string }): Promise<UnitDirectory> {
    const dir = new UnitDirectory(tx, opts.createMissing);
    // two imports creating units at once would each miss the other's
    await tx.query('LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await tx.query<UnitNode>('SELECT id, name, parent_id AS "parentId", kind FROM units ORDER BY path');
    dir.#nodes = rows;
    if (!dir.center) {
      if (rows.length) return dir; // a tree without a center: said when a row needs it
      const id = await createUnit(tx, { name: opts.centerName, kind: 'center' });
      dir.#nodes.push({ id, name: opts.centerName, parentId: null, kind: 'center' });
      dir.createdCenter = opts.centerName;
    }
    return dir;
  }

  get center(): UnitNode | undefined {
    return this.#nodes.find((n) => n.kind === 'center' && n.parentId === null);
  }

  /** Found once per name: a file names the same few units in thousands of rows. */
  #found = new Map<string, UnitFound>();

  async find(ref: string): Promise<UnitFound> {
    const known = this.#found.get(ref);
    if (known) return known;
    const found = await this.#find(ref);
    this.#found.set(ref, found);
    return found;
  }

  async #find(ref: string): Promise<UnitFound> {
    const parts = ref.split('/').map((s) => s.trim()).filter(Boolean);
    let parent: UnitNode | undefined;
    let matches: UnitNode[];
    if (parts.length === 1) {
      matches = this.#nodes.filter((n) => n.name === parts[0]);
      if (matches.length > 1) return { error: `有 ${matches.length} 个单位叫「${ref}」，请写完整路径（如 热线中心/区/单位）` };
    } else {
      let at: UnitNode | undefined;
      for (const [i, name] of parts.entries()) {
        const next: UnitNode | undefined = this.#nodes.find((n) => n.name === name && n.parentId === (at?.id ?? null));
        if (!next) {
          if (i < parts.length - 1) return { error: `主办单位「${ref}」不存在（找不到「${name}」）` };
          parent = at;
        }
        at = next;
      }
      matches = at ? [at] : [];
    }
    const unit = matches[0];
    if (unit) return unit.kind === 'center' ? { error: `主办单位不能是热线中心「${unit.name}」（中心直接答复的工单，主办单位留空）` } : { id: unit.id };
    if (!this.createMissing) return { error: `主办单位「${ref}」不存在（加 --create-units 可在热线中心下新建）` };
    const under = parent ?? this.center;
    if (!under) return { error: '单位树中没有热线中心，无法新建单位' };
    const name = parts[parts.length - 1]!;
    const kind = kindOf(name);
    const id = await createUnit(this.tx, { parentId: under.id, name, kind });
    this.#nodes.push({ id, name, parentId: under.id, kind });
    this.created.push(name);
    return { id };
  }
}

/** A new unit's kind by how its name ends (区/县 … 街道/镇 … 社区/村); departments otherwise. */
export function kindOf(name: string): UnitKind {
  if (/(街道|街道办事处|街道办|乡|镇|乡人民政府|镇人民政府)$/.test(name)) return 'street';
  if (/(社区|村|居委会|村委会|社区居民委员会|村民委员会)$/.test(name)) return 'community';
  if (/(区|县|自治县|旗|区人民政府|县人民政府)$/.test(name)) return 'district';
  return 'department';
}
