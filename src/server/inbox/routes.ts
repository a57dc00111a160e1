import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { bulletinStepsFor, unreadBulletins } from '../reports/bulletins.ts';
import { presentProposal, proposalsFor } from '../supervision/proposals.ts';
import { followUpsFor, presentFollowUp } from '../coordination/follow-ups.ts';
import { submissionsWaiting } from '../submissions/store.ts';
import { DECISION_KINDS, DECISION_LABELS, decisionTexts, decisionsFor, presentDecision, type Decision, type DecisionText } from './decisions.ts';
import { integrationIssues } from './integration.ts';
import { KeptInboxRows } from './kept-rows.ts';
import type { LiveBus } from '../live/bus.ts';
import { SharedReads } from '../live/shared-reads.ts';
import { sharedDecisions, type ScopeDecisions } from './shared-decisions.ts';

/** The inbox's kinds: the decisions on a ticket's requests, and the supervision rules' proposals. */
const INBOX_KINDS = [...DECISION_KINDS, 'proposal', 'follow-up'] as const;
const INBOX_LABELS: Record<(typeof INBOX_KINDS)[number], string> = { ...DECISION_LABELS, proposal: '督办建议', 'follow-up': '协调跟进' };

/** 待我审批: the requests waiting for the signed-in user's decision (decisions.ts says whose). */
export function inboxRoutes(app: FastifyInstance, ctx: AppContext, bus: LiveBus): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // what the inbox decides on, kept between changes and read again ticket by ticket (kept-rows.ts)
  const rows = new KeptInboxRows().follow(app, bus).source;
  // and the badges' deciding guards' answers, shared by everyone of the same roles and unit (shared-decisions.ts)
  const badgeDecisions = sharedDecisions(new SharedReads<ScopeDecisions>().follow(app, bus), rows);

  r.get(
    '/api/inbox',
    {
      schema: {
        tags: ['待我审批'],
        summary: '待我审批的申请（延期、退单、办结审核、申诉、督办延期、待本单位审核、协办答复待汇总）、督办建议和到期的协调跟进，按申请时间先后',
        querystring: z.object({
          kind: z.enum(INBOX_KINDS).optional().describe(`种类：${INBOX_KINDS.map((k) => `${k} ${INBOX_LABELS[k]}`).join('，')}；不填为全部`),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      const { kind, page, pageSize } = request.query;
      const actor = request.actor!;
      const now = ctx.now();
      const decisions = kind === 'proposal' || kind === 'follow-up' ? [] : await decisionsFor(ctx, actor, kind ? [kind] : DECISION_KINDS, rows);
      const proposals = !kind || kind === 'proposal' ? await proposalsFor(ctx, actor) : [];
      // the follow-up dates of the 专题协调 this user recorded, from their day on (coordination/follow-ups.ts)
      const followUps = !kind || kind === 'follow-up' ? await followUpsFor(ctx, actor) : [];
      // ordered by when each was asked, and only the page presented: a busy center has hundreds
      // waiting for 办结审核, and presenting each (its clock's working time left) cost more than the rest
      const presented = <T extends { requestedAt: string }>(x: T) => ({ at: Date.parse(x.requestedAt), decision: null, present: () => x });
      const all: Array<{ at: number; decision: Decision | null; present: (texts: Map<string, DecisionText>) => unknown }> = [
        ...decisions.map((d) => ({ at: d.at, decision: d, present: (texts: Map<string, DecisionText>) => presentDecision(ctx, d, texts.get(d.ticket.id)) })),
        ...proposals.map((p) => presented(presentProposal(p, now))),
        ...followUps.map((f) => presented(presentFollowUp(ctx, f))),
      ].sort((a, b) => a.at - b.at);
      const shown = all.slice((page - 1) * pageSize, page * pageSize);
      // the tickets' text is read for the page only (rows.ts; tickets/actions/guards.ts: TICKET_TEXT_COLUMNS)
      const texts = await decisionTexts(ctx, actor, shown.flatMap((x) => (x.decision ? [x.decision] : [])));
      return { total: all.length, page, pageSize, items: shown.map((x) => x.present(texts)) };
    },
  );

  r.get('/api/inbox/counts', { schema: { tags: ['待我审批'], summary: '待我审批的数量（按种类，菜单角标用）；bulletin：等待我处理的通报，submission：待阅的报送材料，integration：对接异常（系统管理员），notices：我尚未阅读的已发布通报（不计入 total）' } }, async (request) => {
    const actor = request.actor!;
    const [all, proposals, bulletins, unread, followUps, submissions, issues] = await Promise.all([badgeDecisions(ctx, actor), proposalsFor(ctx, actor), bulletinStepsFor(ctx.db, actor), unreadBulletins(ctx.db, actor), followUpsFor(ctx, actor), submissionsWaiting(ctx.db, actor), integrationIssues(ctx, actor)]);
    const counts = Object.fromEntries(DECISION_KINDS.map((k) => [k, all.filter((d) => d.kind === k).length])) as Record<(typeof DECISION_KINDS)[number], number>;
    return {
      ...counts,
      proposal: proposals.length,
      'follow-up': followUps.length,
      bulletin: bulletins.length,
      submission: submissions,
      integration: issues.length,
      total: all.length + proposals.length + followUps.length + bulletins.length + submissions + issues.length,
      notices: unread.length,
    };
  });

  r.get('/api/inbox/integration', { schema: { tags: ['待我审批'], summary: '对接异常：已自动暂停的上级平台、其他平台和 Webhook，已停止的报送、转办和指标上报（热线中心系统管理员）' } }, async (request) => {
    const items = await integrationIssues(ctx, request.actor!);
    return { total: items.length, items };
  });
}
