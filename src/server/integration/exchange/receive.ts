import { formatInstant } from '../../../core/calendar/civil-date.ts';
import type { AppContext } from '../../app.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Db } from '../../db/connection.ts';
import { invalid } from '../../http/errors.ts';
import { createTicket } from '../../tickets/create.ts';
import { ensureSequence } from '../../tickets/numbering.ts';
import { appendEvent } from '../../tickets/store.ts';
import type { UpperOrder, UpperPlatform } from './adapter.ts';
import { ADAPTERS } from './reference-adapter.ts';

const PG_UNIQUE_VIOLATION = '23505';
const PG_IN_FAILED_TRANSACTION = '25P02';

export interface Received {
  replayed: boolean;
  ticketId: string;
  number: string;
}

async function known(db: Db, platform: string, externalId: string): Promise<Received | null> {
  const { rows } = await db.query<{ ticket_id: string; number: string }>(
    'SELECT o.ticket_id, t.number FROM exchange_orders o JOIN tickets t ON t.id = o.ticket_id WHERE o.platform = $1 AND o.external_id = $2',
    [platform, externalId],
  );
  return rows[0] ? { replayed: true, ticketId: rows[0].ticket_id, number: rows[0].number } : null;
}

/**
 * 受理上级平台交办的诉求 (凉山 第八条（二） 受理国务院“互联网+督查”平台、四川省 12345 平台…交办的诉求; 重庆
 * 第八条（二）): an order becomes a ticket on the 'upper_platform' channel, registered by the platform's
 * system account, waiting in the dispatcher's 待派单 like any request. The same order delivered again
 * (by platform and its number) gives the first ticket back — also when both arrive at once. An order of a
 * national platform is flagged 国办工单 with the platform's number, a leader's instruction 领导批示件 (邵阳
 * 第二十七条 counts both in the evaluation); the deadline and 交办意见 are kept beside the ticket.
 */
export async function receiveOrder(ctx: AppContext, platform: UpperPlatform, body: unknown, by: { actor: Actor; keyId: string }): Promise<Received> {
  const adapter = ADAPTERS[platform.adapter];
  if (!adapter) throw new Error(`上级平台 ${platform.id} 的适配器 ${platform.adapter} 不存在`);
  const read = adapter.readOrder(body);
  if ('problems' in read) throw invalid(`上级平台工单格式不正确：${read.problems[0]?.message ?? ''}`, read.problems);
  const order = read.order;
  const seen = await known(ctx.db, platform.id, order.externalId);
  if (seen) return seen;
  const now = ctx.now();
  await ensureSequence(ctx.db, now);
  try {
    return await ctx.db.transaction(async (tx) => {
      const inTx: Db = { ...ctx.db, query: (text, params) => tx.query(text, params), transaction: (fn) => fn(tx) };
      // the platform's system account registers as an agent would (registration only: dispatch stays a person's)
      const registrar: Actor = { ...by.actor, roles: ['agent'] };
      const made = await createTicket({ ...ctx, db: inTx, classifier: null }, registrar, ticketInput(platform, order), `exchange:${platform.id}:${order.externalId}`);
      await tx.query(
        `INSERT INTO exchange_orders (ticket_id, platform, external_id, deadline, instructions, received_at, key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [made.id, platform.id, order.externalId, order.deadline === null ? null : new Date(order.deadline), order.instructions, new Date(now), by.keyId],
      );
      await appendEvent(tx, {
        ticketId: made.id,
        action: 'upper-order',
        actor: by.actor,
        at: now,
        data: { platform: platform.id, platformName: platform.name, externalId: order.externalId, deadline: order.deadline === null ? null : formatInstant(order.deadline), instructions: order.instructions },
      });
      await audit(tx, { action: 'exchange.receive', at: now, actor: by.actor, objectType: 'ticket', objectId: made.id, ticketId: made.id, detail: { platform: platform.id, externalId: order.externalId } });
      const { rows } = await tx.query<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [made.id]);
      return { replayed: made.replayed, ticketId: made.id, number: rows[0]!.number };
    });
  } catch (error) {
    // the same order twice at once: the loser's insert meets the winner's row once that commits (a unique
    // violation, or the aborted transaction's error when createTicket looked the key up after it)
    if ([PG_UNIQUE_VIOLATION, PG_IN_FAILED_TRANSACTION].includes((error as { code?: string }).code ?? '')) {
      const again = await known(ctx.db, platform.id, order.externalId);
      if (again) return again;
    }
    throw error;
  }
}

function ticketInput(platform: UpperPlatform, order: UpperOrder) {
  return {
    channel: 'upper_platform' as const,
    caller: order.caller,
    anonymous: order.anonymous,
    content: order.content,
    ...(order.title ? { title: order.title } : {}),
    type: order.type,
    urgency: order.urgency,
    ...(order.address ? { address: order.address } : {}),
    ...(order.category ? { category: order.category } : {}),
    confidential: false,
    complex: false,
    attachments: [],
    // 国办工单 (邵阳 第二十七条): every order of a national platform, or one the platform marks so
    ...(platform.national || order.national ? { national: { number: order.externalId } } : {}),
    ...(order.leaderInstruction ? { leaderInstruction: order.leaderInstruction } : {}),
  };
}
