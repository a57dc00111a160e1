import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEPUTY_BODY_LABELS, deputyTitle, type DeputyBody, type DeputyLevel } from '../../core/flags/deputies.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import { audit } from '../audit/record.ts';
import { forbidden } from '../http/errors.ts';
import { MARK_SELECT, presentMark, type MarkRow } from './marks.ts';

/**
 * What the agent desk shows as a number is typed: a 恶意/骚扰来电 mark in force (重庆 第二十六条, 邵阳
 * 第二十九条) — a warning, never a refusal: the call and any genuine request are taken as always — and the
 * deputy the number belongs to (邵阳 第十八条), whose request will carry the flag. Marks in force are read
 * by the app's clock. A lookup that found something is an audit record (who looked up which caller),
 * the number masked.
 */
export function callerMarkRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/caller-marks/:phone',
    { schema: { tags: ['坐席'], summary: '来电号码的提示：生效中的恶意来电标记、代表委员身份（不影响登记）', params: z.object({ phone: z.string().regex(/^[0-9+-]{5,20}$/, '电话号码格式不正确') }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!actor.isCenter) throw forbidden('仅限热线中心');
      const idx = ctx.vault.phoneIndex(request.params.phone);
      const now = ctx.now();
      const [marks, deputies] = await Promise.all([
        ctx.db.query<MarkRow>(`${MARK_SELECT} WHERE m.phone_idx = $1 AND m.status = 'approved' AND m.expires_at > $2 ORDER BY m.expires_at DESC LIMIT 1`, [idx, new Date(now)]),
        ctx.db.query<{ id: string; name: string; body: DeputyBody; level: DeputyLevel; term: string | null }>(
          'SELECT id, name, body, level, term FROM deputies WHERE phone_idx = $1 AND active',
          [idx],
        ),
      ]);
      const m = marks.rows[0] ? presentMark(marks.rows[0], ctx.vault, now) : null;
      const d = deputies.rows[0];
      if (m || d) await audit(ctx.db, { action: 'read.caller-marks', at: now, actor, objectType: 'phone', detail: { phone: maskPhone(request.params.phone), misuse: !!m, deputy: !!d } });
      return {
        misuse: m && { id: m.id, kind: m.kind, kindLabel: m.kindLabel, basis: m.basis, reason: m.reason, expiresAt: m.expiresAt, referred: m.referrals.length > 0 },
        deputy: d ? { id: d.id, name: ctx.vault.open(d.name), bodyLabel: DEPUTY_BODY_LABELS[d.body], title: deputyTitle(d.body, d.level), term: d.term } : null,
      };
    },
  );
}
