import { z } from 'zod';
import { formatBasis } from '../../../core/policy/index.ts';
import { invalid } from '../../http/errors.ts';
import { refuse } from './guards.ts';
import { defineAction } from './registry.ts';

/**
 * 行政调解类、执法办案类: matters handled by law, where satisfaction is not pursued one-sidedly (重庆
 * 第十四条, 凉山 第十三条（三）, 邵阳 第二十五条, 四川 五（二）). The center marks the ticket with the kind
 * the preset names (or clears the mark, kind null); the visit still happens, and the evaluation leaves
 * the rating out (server/analytics/counts.ts, the rollups of migration 024).
 */
export const markExempt = defineAction({
  action: 'mark-exempt',
  summary: '标记（或取消）满意度豁免事项：行政调解类、执法办案类',
  schema: z.object({
    kind: z.string().trim().min(1).max(50).nullable(),
    note: z.string().trim().max(500).optional(),
  }).strict(),
  guard: ({ app }) => (app.policy.visit.exemptKinds?.length ? null : refuse.invalid(`《${app.policy.document.title}》未规定满意度豁免事项`)),
  async run(ctx, input) {
    const kinds = ctx.app.policy.visit.exemptKinds!;
    if (input.kind === null) {
      if (!ctx.ticket.exempt_kind) throw invalid('该工单未标记满意度豁免', [{ path: 'kind', message: '无可取消的标记' }]);
      await ctx.event('mark-exempt', { kind: null, label: null, note: input.note ?? null }, null);
      return { exempt_kind: null };
    }
    const kind = kinds.find((k) => k.code === input.kind);
    if (!kind) throw invalid(`豁免事项只能是：${kinds.map((k) => k.label).join('、')}`, [{ path: 'kind', message: '不在预设列出的事项中' }]);
    if (ctx.ticket.exempt_kind === kind.code) throw invalid(`该工单已标记为${kind.label}`, [{ path: 'kind', message: '未改变' }]);
    await ctx.event('mark-exempt', { kind: kind.code, label: kind.label, note: input.note ?? null, basis: formatBasis(ctx.app.policy, kind.basis) }, null);
    return { exempt_kind: kind.code };
  },
});
