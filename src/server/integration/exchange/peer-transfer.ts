import { REPORT_KIND_LABELS } from '../../../core/exchange/plan.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../../core/ticket/machine.ts';
import type { AppContext } from '../../app.ts';
import { hasRole, type Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Queryable } from '../../db/connection.ts';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.ts';
import { stopClocks } from '../../tickets/clocks.ts';
import { appendEvent, lockTicket, updateTicket } from '../../tickets/store.ts';
import { peerAdapter, type PeerOrderOut } from './peer-adapter.ts';
import type { ExchangePeer, ExchangePeers } from './peers.ts';

/**
 * 转办至其他平台 (重庆 第八条（二） 跨区域转办; 四川 (sichuan-2021) 四（一） 川渝两地 12345 热线联动机制): the center hands a registered
 * ticket to another open12345 (EXCHANGE_PEERS). Here the ticket records it and waits — its dispatch and
 * answer clocks stop, as when the center answers or dispatches, and its own actions are not offered
 * while the peer holds it. The order is written to the outbox with an exchange delivery of kind 'order'
 * (deliver.ts posts it to the peer until the peer takes it, with the reports' back-off). The caller's
 * name and phone stay sealed in the outbox; they are opened only when the order is posted.
 */
/**
 * Why the actor may not transfer this ticket now (null: it may), in the order the request checks: the
 * role, then the state. The ticket page reads the same answer (peer-routes.ts), so its button is offered
 * exactly when the server takes it.
 */
export function peerTransferRefusal(actor: Actor, ticket: { status: TicketStatus; peer_pending?: string | null }): { role: boolean; message: string } | null {
  if (!actor.isCenter || !hasRole(actor, 'dispatcher', 'admin')) return { role: true, message: '只有热线中心的派单员或管理员可以转办至其他平台' };
  if (ticket.status !== 'registered') return { role: false, message: `工单当前状态为「${TICKET_STATUS_LABELS[ticket.status]}」，只有待派单的工单可以转办至其他平台` };
  if (ticket.peer_pending) return { role: false, message: '工单已转办至其他平台，正在等待对方办理' };
  return null;
}

export async function transferToPeer(ctx: AppContext, peers: ExchangePeers, actor: Actor, ticketId: string, input: { peer: string; note?: string | undefined }): Promise<{ transferId: string; orderId: string }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // as an action: unseen 404, a share ended 403, then the role, then the body, then the state
    const { ticket } = await lockTicket(tx, ticketId, actor);
    const refusal = peerTransferRefusal(actor, ticket);
    if (refusal?.role) throw forbidden(refusal.message);
    const peer = peers.get(input.peer);
    if (!peer) throw invalid(`未配置其他平台「${input.peer}」，请从已对接的平台中选择`, [{ path: 'peer', message: '请从已对接的平台中选择' }]);
    if (refusal) throw conflict(refusal.message, 'wrong_state');
    const seq = await tx.query<{ n: string }>('SELECT count(*)::text AS n FROM peer_transfers WHERE ticket_id = $1', [ticketId]);
    // the ticket's number, and a sequence when it goes out again after a peer returned it
    const orderId = Number(seq.rows[0]!.n) ? `${ticket.number}-${Number(seq.rows[0]!.n) + 1}` : ticket.number;
    const order: PeerOrderOut = {
      orderId,
      ...(ticket.title ? { title: ticket.title } : {}),
      content: ticket.content,
      type: ticket.type,
      urgency: ticket.urgency,
      // sealed as the ticket keeps them; deliver.ts opens them for the post only
      caller: { ...(ticket.caller_name ? { name: ticket.caller_name } : {}), ...(ticket.caller_phone ? { phone: ticket.caller_phone } : {}) },
      anonymous: ticket.anonymous,
      ...(ticket.address ? { address: ticket.address } : {}),
      ...(ticket.category ? { category: ticket.category } : {}),
      ...(input.note ? { instructions: input.note } : {}),
      origin: { number: ticket.number },
    };
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO peer_transfers (ticket_id, peer, order_id, note, transferred_at, transferred_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
      [ticketId, peer.id, orderId, input.note ?? null, new Date(now), actor.id],
    );
    const transferId = rows[0]!.id;
    const report = { text: `转办至${peer.name}`, order, transferId };
    await tx.query(
      `WITH o AS (INSERT INTO outbox (channel, ticket_id, body, created_at) VALUES ('exchange', $1, $2, $3) RETURNING id)
       INSERT INTO exchange_deliveries (outbox_id, ticket_id, platform, kind, report, created_at, next_attempt_at)
       SELECT o.id, $1, $4, 'order', $2::jsonb, $3, $3 FROM o`,
      [ticketId, JSON.stringify(report), new Date(now), peer.id],
    );
    await stopClocks(tx, { ticketId, assignmentId: null }, ['answer', 'dispatch'], now);
    await updateTicket(tx, ticketId, { peer_pending: peer.id }, now);
    await appendEvent(tx, { ticketId, action: 'peer-transfer', actor, at: now, data: { peer: peer.id, peerName: peer.name, orderId, note: input.note ?? null } });
    await audit(tx, { action: 'exchange.peer-transfer', at: now, actor, objectType: 'ticket', objectId: ticketId, ticketId, detail: { peer: peer.id, orderId } });
    return { transferId, orderId };
  });
}

/** The peer took the order (deliver.ts, on its answer): its number is kept beside the transfer. */
export async function peerAccepted(tx: Queryable, transferId: string, remoteNumber: string | null, at: number): Promise<void> {
  await tx.query('UPDATE peer_transfers SET remote_number = $2, accepted_at = COALESCE(accepted_at, $3) WHERE id = $1', [transferId, remoteNumber, new Date(at)]);
}

const FINAL_ANSWERED: readonly TicketStatus[] = ['closed', 'archived', 'terminated', 'answered', 'visiting'];
const STATUS_BY_LABEL = new Map(Object.entries(TICKET_STATUS_LABELS).map(([k, v]) => [v, k as TicketStatus]));

export interface PeerReportReceived {
  replayed: boolean;
  receipt: string;
}

/**
 * The peer's reports on a transferred ticket (受理、进展、办结), posted by the peer as to an upper platform
 * with a key of scope `exchange` made here. The same message again is answered with the same receipt
 * and changes nothing. 受理 and 进展 go on the timeline; 办结 becomes the ticket's answer — the peer's
 * reply (with its visit, for the record) — and the ticket waits for this instance's own visit
 * (待回访 as a direct answer does), per this instance's preset. A result of a ticket the peer did not
 * take up (不予受理, 已转紧急热线) gives the ticket back to the dispatcher here.
 */
export async function receivePeerReport(ctx: AppContext, peer: ExchangePeer, body: unknown, by: Actor): Promise<PeerReportReceived> {
  const read = peerAdapter.readReport(body);
  if ('problems' in read) throw invalid(`报送格式不正确：${read.problems[0]?.path ?? ''} ${read.problems[0]?.message ?? ''}`.trim(), read.problems);
  const r = read.report;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const seen = await tx.query<{ transfer_id: string }>('SELECT transfer_id::text FROM peer_reports WHERE peer = $1 AND message_id = $2', [peer.id, r.messageId]);
    if (seen.rows[0]) return { replayed: true, receipt: `${peer.id}:${r.messageId}` };
    const found = await tx.query<{ id: string; ticket_id: string; state: string; remote_number: string | null }>(
      'SELECT id::text, ticket_id, state, remote_number FROM peer_transfers WHERE peer = $1 AND order_id = $2 FOR UPDATE',
      [peer.id, r.orderId],
    );
    const transfer = found.rows[0];
    if (!transfer) throw notFound(`没有转办至${peer.name}的工单 ${r.orderId}`);
    // two deliveries of one message at once: the second waits on the lock above and finds the first
    const inserted = await tx.query(
      `INSERT INTO peer_reports (peer, message_id, transfer_id, kind, received_at, report) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [peer.id, r.messageId, transfer.id, r.kind, new Date(now), JSON.stringify(r)],
    );
    if (!inserted.rows.length) return { replayed: true, receipt: `${peer.id}:${r.messageId}` };
    const ticketId = transfer.ticket_id;
    if (!transfer.remote_number) await peerAccepted(tx, transfer.id, r.localNumber, now);
    await appendEvent(tx, {
      ticketId,
      action: 'peer-report',
      actor: by,
      at: now,
      data: { peer: peer.id, peerName: peer.name, kind: r.kind, kindLabel: REPORT_KIND_LABELS[r.kind], remoteNumber: r.localNumber, status: r.status, text: r.text, at: r.at },
    });
    if (r.kind === 'result' && transfer.state === 'pending') await applyResult(tx, peer, transfer.id, ticketId, r, by, now);
    return { replayed: false, receipt: `${peer.id}:${r.messageId}` };
  });
}

async function applyResult(
  tx: Queryable,
  peer: ExchangePeer,
  transferId: string,
  ticketId: string,
  r: { status: string; text: string; localNumber: string; reply?: { unitName: string | null; result: string | null; process: string | null; at: string } | null; visit?: unknown },
  by: Actor,
  now: number,
): Promise<void> {
  const status = STATUS_BY_LABEL.get(r.status);
  const answered = !!r.reply?.result || (status !== undefined && FINAL_ANSWERED.includes(status));
  await tx.query('UPDATE peer_transfers SET result_at = $2, state = $3 WHERE id = $1', [transferId, new Date(now), answered ? 'answered' : 'returned']);
  if (!answered) {
    // the peer did not take it up: back to this center's 待派单, its own decision again
    await updateTicket(tx, ticketId, { peer_pending: null }, now);
    await appendEvent(tx, { ticketId, action: 'peer-returned', actor: by, at: now, data: { peer: peer.id, peerName: peer.name, status: r.status, text: r.text } });
    return;
  }
  const answer = r.reply?.result ?? r.text;
  const unit = r.reply?.unitName ? `${peer.name}·${r.reply.unitName}` : peer.name;
  await updateTicket(
    tx,
    ticketId,
    {
      status: 'answered',
      peer_pending: null,
      outcome: { kind: 'answer', answer, peer: { id: peer.id, name: peer.name, number: r.localNumber, unitName: r.reply?.unitName ?? null, process: r.reply?.process ?? null, visit: r.visit ?? null } },
    },
    now,
  );
  // the answer as a direct answer's: what this instance's visit and its own upper platform read
  await appendEvent(tx, { ticketId, action: 'answer', actor: by, at: now, data: { answer, unitName: unit, process: r.reply?.process ?? null, peer: peer.id, remoteNumber: r.localNumber, repliedAt: r.reply?.at ?? null } });
}
