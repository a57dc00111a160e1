/**
 * 短信送达回执 (issue 14 item 6): what the SMS gateway reported of one message it sent. Reports may come
 * twice or out of order (the carrier's retries, several gateway nodes); the state depends only on the
 * set of reports, never on their order of arrival. Pure.
 *
 * - **delivered wins.** A handset's receipt is proof the text arrived; a failure reported for the same
 *   message — earlier (the carrier retried and got through) or later (a stale report of an earlier try)
 *   — cannot undo that. The earliest delivered report gives the time.
 * - **otherwise the latest failure** by the gateway's own time, with its reason code: a failure that
 *   was followed by another says the last word on why.
 */
export const DELIVERY_STATUSES = ['delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryReport {
  status: DeliveryStatus;
  /** When the gateway (or the carrier) says it happened, ms since the epoch. */
  at: number;
  code: string | null;
  description: string | null;
}

export function foldDelivery(reports: readonly DeliveryReport[]): DeliveryReport | null {
  const delivered = reports.filter((r) => r.status === 'delivered').sort((a, b) => a.at - b.at);
  if (delivered[0]) return delivered[0];
  // ties by code, so that the same set gives the same answer whatever the order
  const failed = [...reports].sort((a, b) => b.at - a.at || (b.code ?? '').localeCompare(a.code ?? ''));
  return failed[0] ?? null;
}

/** The usual status words of SMPP/CMPP delivery receipts, for the visitor (others are shown as given). */
export const DELIVERY_CODE_LABELS: Record<string, string> = {
  UNDELIV: '无法送达（空号、停机等）',
  EXPIRED: '超过有效期未送达（关机或不在服务区）',
  REJECTD: '被运营商拒收',
  DELETED: '被运营商删除',
  UNKNOWN: '状态未知',
};

/** Why a text was not delivered, in Chinese: the code's meaning, the gateway's words, the code itself. */
export function deliveryFailureText(code: string | null | undefined, description: string | null | undefined): string {
  const known = code ? DELIVERY_CODE_LABELS[code.toUpperCase()] : undefined;
  const parts = [known, description && description !== known ? description : null].filter(Boolean);
  const reason = parts.join('，') || '网关未说明原因';
  return code ? `${reason}（回执代码 ${code}）` : reason;
}
