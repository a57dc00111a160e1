import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
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
  children: UnitNode[];
}

const COLUMNS = 'id, parent_id, name, kind, region_code, responsibilities, active, contacts, reply_review';

function presentUnit(ctx: AppContext, r: UnitRow): Omit<UnitNode, 'children'> {
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
    replyReviewApplies: r.kind !== 'center' && (r.reply_review ?? ctx.policy.unitReview?.default ?? false),
  };
}

export async function unitTree(ctx: AppContext): Promise<UnitNode[]> {
  const { rows } = await ctx.db.query<UnitRow>(`SELECT ${COLUMNS} FROM units ORDER BY name`);
  const nodes = new Map<string, UnitNode>();
  const roots: UnitNode[] = [];
  for (const r of rows) {
    nodes.set(r.id, { ...presentUnit(ctx, r), children: [] });
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
      return rows.map((u) => presentUnit(ctx, u));
    },
  );
}
