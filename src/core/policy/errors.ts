export type PolicyErrorCode =
  | 'unknown_policy'
  | 'invalid_policy'
  | 'unknown_clock'
  | 'no_such_clock'
  | 'unknown_type'
  | 'type_required'
  | 'unknown_urgency'
  | 'urgency_required'
  | 'unknown_variant'
  | 'no_such_variant';

/** A rule lookup that cannot be answered; the message is for the person who asked, in Chinese. */
export class PolicyError extends Error {
  override name = 'PolicyError';
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
  ) {
    super(message);
  }
}
