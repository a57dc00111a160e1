import { randomInt } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { startClocks } from './clocks.ts';
import { nextTicketNumber } from './numbering.ts';
import type { CreateTicketInput } from './schemas.ts';
import { appendEvent } from './store.ts';

const PG_UNIQUE_VIOLATION = '23505';

export interface Created {
  id: string;
  replayed: boolean;
}

/**
 * Registers a request as a ticket: number, row, the clocks that start at acceptance (e.g. 凉山
 * 第十二条（一）: dispatch within 3 working hours) and the first event, in one transaction. The same
 * Idempotency-Key twice returns the first ticket, also when both arrive at once.
 */
export async function createTicket(ctx: AppContext, actor: Actor | null, input: CreateTicketInput, idempotencyKey?: string): Promise<Created> {
  if (actor && !(actor.isCenter && actor.roles.some((r) => ['agent', 'dispatcher', 'admin'].includes(r)))) {
    throw forbidden('只有热线中心的话务员、派单员可以登记工单');
  }
  if (idempotencyKey) {
    const seen = await findByKey(ctx, idempotencyKey);
    if (seen) return { id: seen, replayed: true };
  }
  const now = ctx.now();
  const number = await nextTicketNumber(ctx.db, now);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (input.subjectUnitId) {
        const unit = await tx.query('SELECT 1 FROM units WHERE id = $1', [input.subjectUnitId]);
        if (!unit.rows.length) throw invalid('被投诉单位不存在', [{ path: 'subjectUnitId', message: '单位不存在' }]);
      }
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO tickets (number, status, channel, type, urgency, title, content, category, address,
           caller_name, caller_phone, anonymous, confidential, subject_unit_id, complex, idempotency_key,
           query_code, created_by, created_at, updated_at)
         VALUES ($1, 'registered', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
         RETURNING id`,
        [
          number,
          input.channel,
          input.type,
          input.urgency,
          input.title ?? null,
          input.content,
          input.category ?? null,
          input.address ?? null,
          input.caller.name ?? null,
          input.caller.phone ?? null,
          input.anonymous,
          input.confidential,
          input.subjectUnitId ?? null,
          input.complex,
          idempotencyKey ?? null,
          String(randomInt(0, 1_000_000)).padStart(6, '0'),
          actor?.id ?? null,
          new Date(now),
        ],
      );
      const id = rows[0]!.id;
      if (input.attachments.length) {
        const r = await tx.query('UPDATE attachments SET ticket_id = $1 WHERE id = ANY($2::uuid[]) AND ticket_id IS NULL', [id, input.attachments]);
        if (r.rowCount !== input.attachments.length) throw invalid('附件不存在或已被其他工单使用', [{ path: 'attachments', message: '附件无效' }]);
      }
      await startClocks(tx, ctx.policy, ctx.calendar, 'registered', { id, type: input.type, urgency: input.urgency, complex: input.complex }, now);
      await appendEvent(tx, {
        ticketId: id,
        action: 'register',
        actor,
        at: now,
        data: { channel: input.channel, type: input.type, urgency: input.urgency },
      });
      return id;
    });
    return { id, replayed: false };
  } catch (error) {
    // Two requests with one key at once: the loser's insert hits the unique index after the winner commits.
    if (idempotencyKey && (error as { code?: string }).code === PG_UNIQUE_VIOLATION) {
      const seen = await findByKey(ctx, idempotencyKey);
      if (seen) return { id: seen, replayed: true };
    }
    throw error;
  }
}

async function findByKey(ctx: AppContext, key: string): Promise<string | null> {
  const { rows } = await ctx.db.query<{ id: string }>('SELECT id FROM tickets WHERE idempotency_key = $1', [key]);
  return rows[0]?.id ?? null;
}
