import type { RoutableUnitKind, RoutingRule } from '../../core/dispatch/routing.ts';
import type { Queryable } from '../db/connection.ts';

interface RuleRow {
  id: string;
  category: string;
  region_code: string | null;
  unit_id: string | null;
  unit_kind: RoutableUnitKind | null;
  duty: string | null;
  note: string | null;
  unit_name: string | null;
  updated_at: Date;
}

export interface StoredRule extends RoutingRule {
  unitName: string | null;
  updatedAt: string;
}

const toRule = (r: RuleRow): StoredRule => ({
  id: r.id,
  category: r.category,
  regionCode: r.region_code,
  unitId: r.unit_id,
  unitKind: r.unit_kind,
  duty: r.duty,
  note: r.note,
  unitName: r.unit_name,
  updatedAt: r.updated_at.toISOString(),
});

const SELECT = `SELECT r.id, r.category, r.region_code, r.unit_id, r.unit_kind, r.duty, r.note, r.updated_at, u.name AS unit_name
                  FROM routing_rules r LEFT JOIN units u ON u.id = r.unit_id`;

export async function listRules(db: Queryable): Promise<StoredRule[]> {
  const { rows } = await db.query<RuleRow>(`${SELECT} ORDER BY r.category, r.region_code NULLS FIRST, r.updated_at`);
  return rows.map(toRule);
}

export async function getRule(db: Queryable, id: string): Promise<StoredRule | null> {
  const { rows } = await db.query<RuleRow>(`${SELECT} WHERE r.id = $1`, [id]);
  return rows[0] ? toRule(rows[0]) : null;
}

export type RuleInput = Omit<RoutingRule, 'id'>;

export async function insertRule(db: Queryable, rule: RuleInput, actorId: string | null): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO routing_rules (category, region_code, unit_id, unit_kind, duty, note, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [rule.category, rule.regionCode, rule.unitId, rule.unitKind, rule.duty, rule.note, actorId],
  );
  return rows[0]!.id;
}

export async function updateRule(db: Queryable, id: string, rule: RuleInput, actorId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE routing_rules SET category = $2, region_code = $3, unit_id = $4, unit_kind = $5, duty = $6, note = $7,
            updated_by = $8, updated_at = now() WHERE id = $1`,
    [id, rule.category, rule.regionCode, rule.unitId, rule.unitKind, rule.duty, rule.note, actorId],
  );
  return rowCount > 0;
}

export async function deleteRule(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM routing_rules WHERE id = $1', [id]);
  return rowCount > 0;
}
