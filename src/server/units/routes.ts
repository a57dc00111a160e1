import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { presetSummary } from '../policy/routes.ts';
import type { UnitContact } from './admin.ts';

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  region_code: string | null;
  responsibilities: string[];
  active: boolean;
  contacts: UnitContact[];
  reply_review: boolean | null;
  path: string;
  preset: string | null;
  liaison_name: string | null;
  liaison_phone: string | null;
}

export interface UnitNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  regionCode: string | null;
  responsibilities: string[];
  /** false: deactivated, takes no new dispatches (src/server/units/admin.ts) */
  active: boolean;
  contacts: UnitContact[];
  /** 本单位审核 as the unit chose it (null: the preset's default) and as it applies now. */
  replyReview: boolean | null;
  replyReviewApplies: boolean;
  /** 时限预设 the unit set for its subtree (null: as the unit above it). */
  preset: string | null;
  /** The preset that applies to the unit, and where it comes from: its own, a unit above it, or the deployment's default. */
  presetApplies: ReturnType<typeof presetSummary> & { source: 'own' | 'inherited' | 'default'; fromUnitId: string | null; fromUnitName: string | null };
  /** 热线联络员 (units/liaisons.ts): whom the center calls; null flags a unit without one (大足 第四条（二）). */
  liaison: { name: string; officePhone: string } | null;
  children: UnitNode[];
}

const COLUMNS = `id, parent_id, name, kind, region_code, responsibilities, active, contacts, reply_review, path, preset,
  (SELECT l.person_name FROM unit_liaisons l WHERE l.unit_id = units.id AND l.role = 'liaison') AS liaison_name,
  (SELECT l.office_phone FROM unit_liaisons l WHERE l.unit_id = units.id AND l.role = 'liaison') AS liaison_phone`;

function presentUnit(ctx: AppContext, r: UnitRow, nameOf: (id: string) => string | undefined): Omit<UnitNode, 'children'> {
  const source = ctx.presets.source(r.path);
  const policy = ctx.presets.byId(source.preset);
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind,
    regionCode: r.region_code,
    responsibilities: r.responsibilities,
    active: r.active,
    contacts: r.contacts,
    replyReview: r.reply_review,
    // by the unit's own preset (大足 第五条（二）: on), not the deployment's
    replyReviewApplies: r.kind !== 'center' && (r.reply_review ?? policy.unitReview?.default ?? false),
    preset: r.preset,
    liaison: r.liaison_name === null ? null : { name: r.liaison_name, officePhone: r.liaison_phone ?? '' },
    presetApplies: {
      ...presetSummary(policy),
      source: source.unitId === null ? 'default' : source.unitId === r.id ? 'own' : 'inherited',
      fromUnitId: source.unitId,
      fromUnitName: source.unitId ? (nameOf(source.unitId) ?? null) : null,
    },
  };
}

export async function unitTree(ctx: AppContext): Promise<UnitNode[]> {
  const { rows } = await ctx.db.query<UnitRow>(`SELECT ${COLUMNS} FROM units ORDER BY name`);
  const nodes = new Map<string, UnitNode>();
  const roots: UnitNode[] = [];
  const names = new Map(rows.map((r) => [r.id, r.name]));
  for (const r of rows) {
    nodes.set(r.id, { ...presentUnit(ctx, r, (id) => names.get(id)), children: [] });
  }
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export function unitRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/units',
    {
      schema: {
        tags: ['单位'],
        summary: '承办单位树（区、部门、街道、社区……）；带 q 时返回名称匹配的单位列表',
        querystring: z.object({ q: z.string().trim().min(1).max(50).optional() }).strict(),
      },
    },
    async (request) => {
      if (!request.query.q) return unitTree(ctx);
      const { rows } = await ctx.db.query<UnitRow>(
        `SELECT ${COLUMNS} FROM units WHERE name LIKE $1 ORDER BY length(name), name LIMIT 50`,
        [`%${request.query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`],
      );
      const named = await ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM units WHERE preset IS NOT NULL');
      const names = new Map(named.rows.map((u) => [u.id, u.name]));
      return rows.map((u) => presentUnit(ctx, u, (id) => names.get(id)));
    },
  );
}
