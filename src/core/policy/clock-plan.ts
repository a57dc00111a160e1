import type { ClockName, ClockStart, TicketType, Urgency } from '../vocabulary.ts';
import type { Policy, VariantRule } from './schema.ts';

export interface PlannedClock {
  name: ClockName;
  rule: VariantRule;
}

/**
 * The clocks a policy starts when `event` happens to a ticket of this type and urgency, with the
 * variant that applies (情况复杂 → complex). Pure: the server stores what this returns.
 */
export function clocksStartingAt(
  policy: Policy,
  event: ClockStart,
  ticket: { type: TicketType; urgency: Urgency; complex?: boolean },
  only?: readonly ClockName[],
): PlannedClock[] {
  const out: PlannedClock[] = [];
  const pick = (name: ClockName, rule: (VariantRule & { variants?: Record<string, VariantRule | undefined> }) | undefined) => {
    if (!rule || (only && !only.includes(name))) return;
    const chosen = ticket.complex && name === 'handle' ? (rule.variants?.complex ?? rule) : rule;
    if (chosen.from === event) out.push({ name, rule: chosen });
  };
  const c = policy.clocks;
  pick('dispatch', c.dispatch);
  pick('answer', c.answer);
  pick('transfer', c.transfer);
  pick('sign', c.sign);
  pick('return', c.return);
  pick('handle', c.handle?.byType[ticket.type]);
  if (ticket.urgency !== 'normal') {
    pick('firstResponse', c.firstResponse?.byUrgency[ticket.urgency]);
    pick('progress', c.progress?.byUrgency[ticket.urgency]);
  }
  pick('redo', c.redo);
  pick('supervision', c.supervision);
  return out;
}
