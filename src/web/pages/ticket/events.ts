import { inTimelineOrder, type TicketEvent } from '../../../core/ticket/timeline.ts';

export { clockLabel, describeEvent, eventDetails, EVENT_LABELS, inTimelineOrder, type EventDetail } from '../../../core/ticket/timeline.ts';

/** The last send-back of a completion, for the banner a unit reads first on the ticket page. */
export function lastSendBack(events: TicketEvent[]): TicketEvent | null {
  const ordered = inTimelineOrder(events);
  for (let i = ordered.length - 1; i >= 0; i -= 1) {
    const e = ordered[i]!;
    // a later reply answers it: the banner is for the work still to be done
    if (e.action === 'reply' || e.action === 'submit-reply' || e.action === 'approve-completion') return null;
    if (e.action === 'reject-completion') return e;
  }
  return null;
}
