import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { enterpriseFlagSchema, leaderInstructionFlagSchema, nationalFlagSchema, TICKET_FLAG_LABELS, type TicketFlag } from '../../../core/flags/ticket-flags.ts';
import { deputyFor } from '../../deputies/match.ts';
import { invalid } from '../../http/errors.ts';
import { uuid } from '../../http/schemas.ts';
import type { TicketRow } from '../store.ts';
import { defineAction } from './registry.ts';

type Column = 'enterprise' | 'national' | 'leader_instruction';
const COLUMNS: Array<[Exclude<TicketFlag, 'deputy'>, Column]> = [
  ['enterprise', 'enterprise'],
  ['national', 'national'],
  ['leaderInstruction', 'leader_instruction'],
];

/**
 * 工单标记 after registration: the center marks (or unmarks) a ticket as 涉企诉求, 国办工单 (重庆 第八条（二）),
 * 领导批示件 (邵阳 第二十七条) or a deputy's request (邵阳 第十八条), each field given replacing the ticket's, null
 * clearing it. The timeline says what changed; an enterprise's name stays on the ticket, where it follows
 * the caller's privacy (tickets/flags.ts).
 */
export const flag = defineAction({
  action: 'flag',
  summary: '工单标记：涉企诉求、国办工单、领导批示件、代表委员件（给出的项替换原值，null 为取消）',
  schema: z
    .object({
      enterprise: enterpriseFlagSchema.nullable().optional(),
      national: nationalFlagSchema.nullable().optional(),
      leaderInstruction: leaderInstructionFlagSchema.nullable().optional(),
      deputyId: uuid.nullable().optional(),
      note: z.string().trim().max(500, '说明不能超过 500 字').optional(),
    })
    .strict(),
  async run(ctx, input) {
    const changes: Partial<Record<keyof TicketRow, unknown>> = {};
    const set: TicketFlag[] = [];
    const cleared: TicketFlag[] = [];
    for (const [key, column] of COLUMNS) {
      const next = input[key];
      if (next === undefined) continue;
      const now = ctx.ticket[column];
      if (next === null ? now === null : isDeepStrictEqual(next, now)) continue;
      changes[column] = next;
      (next === null ? cleared : set).push(key);
    }
    let deputyTitle: string | null = null;
    if (input.deputyId !== undefined && input.deputyId !== ctx.ticket.deputy_id) {
      const deputy = input.deputyId === null ? null : await deputyFor(ctx.tx, ctx.app.vault, input.deputyId, undefined);
      changes.deputy_id = deputy?.id ?? null;
      (deputy ? set : cleared).push('deputy');
      if (deputy) deputyTitle = TICKET_FLAG_LABELS.deputy;
    }
    if (!set.length && !cleared.length) throw invalid('工单标记没有变化', [{ path: '', message: '请修改至少一项标记' }]);
    await ctx.event(
      'flag',
      {
        set,
        cleared,
        ...(set.includes('national') ? { national: input.national } : {}),
        ...(set.includes('leaderInstruction') ? { leaderInstruction: input.leaderInstruction } : {}),
        ...(deputyTitle ? { deputy: deputyTitle } : {}),
        note: input.note ?? null,
      },
      null,
    );
    return changes;
  },
});
