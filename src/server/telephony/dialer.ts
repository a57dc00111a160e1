/**
 * The hook to the telephone system for calling a caller back (回拨来电人). A deployment with a
 * call center (issue 14) passes its own Dialer to buildApp; the default places no call and says so,
 * and the handler dials from the `tel:` link on the ticket page. The attempt is on the ticket's
 * timeline either way (src/server/telephony/routes.ts).
 *
 * The phone number reaches the dialer only: it is never written to the timeline, the audit log or
 * the request log. A platform that places the call returns its id of the call: the call becomes a call
 * record of the ticket (direction out, telephony/outbound.ts), which the platform's events for that id
 * (answered, ended …) complete.
 */
export interface DialRequest {
  ticketId: string;
  ticketNumber: string;
  /** The caller's number, opened from the vault for this call only. */
  phone: string;
  /** Who calls: the seat or extension a telephony system rings first. */
  actor: { id: string; username: string; displayName: string; unitId: string };
  at: number;
}

export interface DialResult {
  /** Whether the telephone system took the call over (rings the handler's extension, then the caller). */
  placed: boolean;
  /** A sentence for the handler, in Chinese (shown and kept on the timeline; no number in it). */
  message: string;
  /** The telephone platform's id of the call it placed, as its events to /api/telephony/events will carry it. */
  callId?: string;
}

export interface Dialer {
  dial(request: DialRequest): Promise<DialResult>;
}

/** No telephone system connected: nothing is dialled, the handler uses the `tel:` link or a desk phone. */
export const noDialer: Dialer = {
  async dial() {
    return { placed: false, message: '未接入电话系统，请用本机或座机拨打' };
  },
};
