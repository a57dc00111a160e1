/**
 * The busy hour of a large center, as requests per second at ×1 (issue 16), and why each figure.
 *
 * Beijing's 12345 took 21.4 million requests in 2023: 58,600 a day. The busy hours of a hotline run
 * about three times the day's average, so the busy hour brings 58,600 / 24 × 3 ≈ 7,300 requests, or
 * 2.03 registrations a second. Every request here takes the ticket's whole life (dispatch, sign, reply,
 * the center's approval, the visit) — more writing than a real day, where about half are answered on the
 * call — so the model errs on the heavy side. The reads around them are estimates of how people work,
 * stated here so that they can be argued with:
 *
 * - an agent looks up the caller's history once a call and searches the knowledge base three times;
 * - every step of the life is taken after reading the ticket (five reads a ticket), and the portal's
 *   tracking page is opened once a ticket;
 * - ~400 people at the center and in the units keep the inbox open, refreshed about every 100 s (4/s); unit
 *   clerks page their lists (2/s) and dispatchers their queue (1/s);
 * - supervisors read the ledger (0.2/s) and leaders the dashboard (0.1/s);
 * - 2,000 browsers hold a live connection (SSE) through the hour.
 *
 * The steps of a life follow one another after a few seconds here rather than hours: the rates of each
 * step equal the registrations' in the steady state, which is what matters for load.
 */
export const REGISTRATIONS_PER_SECOND = 58_600 / 24 / 3600 * 3;

export type Kind =
  | 'register' | 'dispatch' | 'sign' | 'reply' | 'approve' | 'visit'
  | 'caller-history' | 'kb-search' | 'ticket-read' | 'inbox' | 'unit-list' | 'queue' | 'portal-track' | 'supervision' | 'dashboard';

/** The independent arrivals (per second at ×1); the life's later steps follow each registration. */
export const ARRIVALS: Partial<Record<Kind, number>> = {
  register: REGISTRATIONS_PER_SECOND,
  'caller-history': REGISTRATIONS_PER_SECOND,
  'kb-search': REGISTRATIONS_PER_SECOND * 3,
  'ticket-read': REGISTRATIONS_PER_SECOND * 5,
  'portal-track': REGISTRATIONS_PER_SECOND,
  inbox: 4,
  'unit-list': 2,
  queue: 1,
  supervision: 0.2,
  dashboard: 0.1,
};

/** The life after registration, in order; each step a few seconds after the one before. */
export const LIFE: Kind[] = ['dispatch', 'sign', 'reply', 'approve', 'visit'];
export const STEP_DELAY_SECONDS = 2;

export const SSE_CLIENTS = 2000;

/** Requests per second at ×1, all kinds together. */
export function totalRate(): number {
  return Object.values(ARRIVALS).reduce((s, r) => s + r, 0) + REGISTRATIONS_PER_SECOND * LIFE.length;
}
