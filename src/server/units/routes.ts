import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  region_code: string | null;
  responsibilities: string[];
}

export interface UnitNode {
  id: string;
  name: string;
  kind: string;
  regionCode: string | null;
  responsibilities: string[];
  children: UnitNode[];
}

export async function unitTree(ctx: AppContext): Promise<UnitNode[]> {
  const { rows } = await ctx.db.query<UnitRow>('SELECT id, parent_id, name, kind, region_code, responsibilities FROM units ORDER BY name');
  const nodes = new Map<string, UnitNode>();
  const roots: UnitNode[] = [];
  for (const r of rows) {
    nodes.set(r.id, { id: r.id, name: r.name, kind: r.kind, regionCode: r.region_code, responsibilities: r.responsibilities, children: [] });
  }
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export function unitRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/units', { schema: { tags: ['单位'], summary: '承办单位树（区、部门、街道、社区……）' } }, async () => unitTree(ctx));
}
