import { dayOfInstant, formatInstant, type Instant } from '../calendar/civil-date.ts';
import type { Calendar } from '../calendar/calendar.ts';
import {
  CLOCK_LABELS,
  CLOCK_START_LABELS,
  CLOCKS,
  TICKET_TYPE_LABELS,
  TICKET_TYPES,
  URGENCIES,
  URGENCY_LABELS,
  type ClockName,
  type TicketType,
  type Urgency,
} from '../vocabulary.ts';
import { PolicyError } from './errors.ts';
import { VARIANT_LABELS, VARIANTS, type Basis, type ClockRule, type Policy, type Variant, type VariantRule } from './schema.ts';

export interface DeadlineQuery {
  clock: string;
  type?: string | undefined;
  urgency?: string | undefined;
  variant?: string | undefined;
  /** The event that starts the clock, as the rule's `from` says. */
  from: Instant;
}

export interface Deadline {
  clock: ClockName;
  rule: VariantRule;
  due: Instant;
  /** The answer depends on a year whose holiday arrangement is not official yet. */
  provisional: boolean;
  basis: string;
  description: string;
}

const UNIT_LABELS = { workingDays: '个工作日', workingHours: '个工作小时', hours: '小时' } as const;

export function formatBasis(policy: Policy, basis: Basis): string {
  const title = policy.document.file === basis.file ? policy.document.title : basis.file;
  return `${title} ${basis.article}（${basis.file}）`;
}

export function describeRule(rule: VariantRule): string {
  const amount =
    rule.unit === 'workingDays' && rule.amount === 0 ? '当日' : `${rule.amount}${UNIT_LABELS[rule.unit]}内`;
  return `${CLOCK_START_LABELS[rule.from]}后${amount}${rule.cumulative ? '（累计）' : ''}`;
}

/** The rule a clock follows for this ticket, or a PolicyError that says why there is none. */
export function findRule(policy: Policy, q: Omit<DeadlineQuery, 'from'>): { clock: ClockName; rule: VariantRule } {
  if (!(CLOCKS as readonly string[]).includes(q.clock)) {
    throw new PolicyError('unknown_clock', `未知的时限“${q.clock}”，可选：${CLOCKS.join('、')}`);
  }
  const clock = q.clock as ClockName;
  const label = `${CLOCK_LABELS[clock]}（${clock}）`;
  if (q.type !== undefined && !(TICKET_TYPES as readonly string[]).includes(q.type)) {
    throw new PolicyError('unknown_type', `未知的诉求类型“${q.type}”，可选：${TICKET_TYPES.join('、')}`);
  }
  if (q.urgency !== undefined && !(URGENCIES as readonly string[]).includes(q.urgency)) {
    throw new PolicyError('unknown_urgency', `未知的紧急程度“${q.urgency}”，可选：${URGENCIES.join('、')}`);
  }
  if (q.variant !== undefined && !(VARIANTS as readonly string[]).includes(q.variant)) {
    throw new PolicyError('unknown_variant', `未知的情形“${q.variant}”，可选：${VARIANTS.join('、')}`);
  }
  const spec = policy.clocks[clock];
  if (!spec) {
    throw new PolicyError('no_such_clock', `《${policy.document.title}》未规定${label}时限，本预设没有该时限`);
  }
  let rule: ClockRule | undefined;
  if ('byType' in spec) {
    if (q.type === undefined) throw new PolicyError('type_required', `${label}时限按诉求类型区分，请指定 --type`);
    rule = spec.byType[q.type as TicketType];
    if (!rule) {
      throw new PolicyError(
        'no_such_clock',
        `《${policy.document.title}》未规定${TICKET_TYPE_LABELS[q.type as TicketType]}类诉求的${label}时限`,
      );
    }
  } else if ('byUrgency' in spec) {
    if (q.urgency === undefined || q.urgency === 'normal') {
      throw new PolicyError('urgency_required', `${label}时限只适用于特殊事项或特殊紧急事项，请指定 --urgency special|emergency`);
    }
    rule = spec.byUrgency[q.urgency as Exclude<Urgency, 'normal'>];
    if (!rule) {
      throw new PolicyError(
        'no_such_clock',
        `《${policy.document.title}》未规定${URGENCY_LABELS[q.urgency as Urgency]}的${label}时限`,
      );
    }
  } else {
    rule = spec;
  }
  if (q.variant === undefined) return { clock, rule };
  const variant = rule.variants?.[q.variant as Variant];
  if (!variant) {
    throw new PolicyError(
      'no_such_variant',
      `《${policy.document.title}》未对${label}规定“${VARIANT_LABELS[q.variant as Variant]}”情形的时限`,
    );
  }
  return { clock, rule: variant };
}

export function computeDue(calendar: Calendar, rule: VariantRule, from: Instant): Instant {
  switch (rule.unit) {
    case 'workingDays':
      return calendar.dueAfterWorkingDays(from, rule.amount);
    case 'workingHours':
      return calendar.addWorkingHours(from, rule.amount);
    case 'hours':
      return calendar.addHours(from, rule.amount);
  }
}

export function computeDeadline(policy: Policy, calendar: Calendar, q: DeadlineQuery): Deadline {
  const { clock, rule } = findRule(policy, q);
  const due = computeDue(calendar, rule, q.from);
  return {
    clock,
    rule,
    due,
    provisional: calendar.isProvisional(dayOfInstant(q.from), dayOfInstant(due)),
    basis: formatBasis(policy, rule.basis),
    description: describeRule(rule),
  };
}

/** The JSON shape printed by `open12345 deadline` and served by the API. */
export function deadlineToJson(policy: Policy, q: DeadlineQuery, d: Deadline) {
  return {
    policy: policy.id,
    clock: d.clock,
    type: q.type ?? null,
    urgency: q.urgency ?? null,
    variant: q.variant ?? null,
    from: formatInstant(q.from),
    due: formatInstant(d.due),
    basis: d.basis,
    rule: d.description,
    quote: d.rule.basis.quote ?? null,
    provisional: d.provisional,
  };
}
