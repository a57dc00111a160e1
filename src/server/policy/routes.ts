import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPreset, PRESET_IDS } from '../../core/policy/presets.ts';
import type { Policy } from '../../core/policy/schema.ts';
import type { AppContext } from '../app.ts';

/** A preset as a page names it. */
export function presetSummary(p: Policy) {
  return { id: p.id, name: p.name, title: p.document.title, number: p.document.number };
}

interface UnitRow {
  id: string;
  name: string;
  path: string;
}

/**
 * 时限策略: the default preset with every rule and its article (as before), any shipped preset by id
 * (the ticket page reads the rules of a share's own preset), and which preset applies where.
 */
export function policyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/policy',
    {
      schema: {
        tags: ['配置'],
        summary: '当前启用的时限策略（部署的默认预设，每条规则含依据）；带 preset 时为该预设（某单位子树适用的预设）',
        querystring: z.object({ preset: z.string().trim().max(40).optional() }).strict(),
      },
    },
    async (request) => {
      const id = request.query.preset;
      if (!id || id === ctx.policy.id) return ctx.policy;
      // an id not shipped: 422 naming the ones that are (PolicyError)
      return getPreset(id);
    },
  );

  r.get(
    '/api/policy/units',
    { schema: { tags: ['配置'], summary: '各单位适用的时限预设：部署默认、设有本单位预设的子树及其下级单位数' } },
    async () => {
      const { rows } = await ctx.db.query<UnitRow>('SELECT id, name, path FROM units ORDER BY path');
      const names = new Map(rows.map((u) => [u.id, u.name]));
      const following = new Map<string | null, number>();
      for (const u of rows) {
        const from = ctx.presets.source(u.path).unitId;
        following.set(from, (following.get(from) ?? 0) + 1);
      }
      const subtrees = rows
        .filter((u) => ctx.presets.source(u.path).unitId === u.id)
        .map((u) => ({
          unitId: u.id,
          unitName: u.name,
          // the way down from the root, as a clerk reads it: 热线中心 / 大足区
          unitPath: u.path.split('/').filter(Boolean).map((id) => names.get(id) ?? '').join(' / '),
          preset: presetSummary(ctx.presets.forPath(u.path)),
          units: following.get(u.id) ?? 0,
        }));
      return {
        default: { ...presetSummary(ctx.policy), units: following.get(null) ?? 0 },
        subtrees,
        choices: PRESET_IDS.map((id) => presetSummary(getPreset(id))),
      };
    },
  );
}
