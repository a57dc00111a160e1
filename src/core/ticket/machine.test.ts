import { describe, expect, it } from 'vitest';
import { ACTION_RULES, checkAction, deriveStatus, TICKET_ACTIONS, TICKET_STATUSES, type AssignmentStatus } from './machine.ts';
import { callerView, maskName, maskPhone } from './privacy.ts';

describe('ticket actions', () => {
  it('every action, in every state, for every role: allowed exactly where the table says', () => {
    for (const action of TICKET_ACTIONS) {
      for (const status of TICKET_STATUSES) {
        for (const role of ['agent', 'dispatcher', 'visitor', 'supervisor', 'handler', 'leader'] as const) {
          const refusal = checkAction(action, status, [role]);
          const rule = ACTION_RULES[action] as { roles: string[]; from: string[] };
          if (!rule.roles.includes(role)) expect(refusal?.kind).toBe('role');
          else if (!rule.from.includes(status)) expect(refusal?.kind).toBe('state');
          else expect(refusal).toBeNull();
        }
      }
    }
  });

  it('explains a refusal in Chinese', () => {
    expect(checkAction('sign', 'registered', ['handler'])?.message).toBe(
      '工单当前为“已登记”，不能签收（仅限已派单、办理中、重办中）',
    );
    expect(checkAction('dispatch', 'registered', ['handler'])?.message).toBe('您的角色无权派单');
    expect(checkAction('visit', 'visiting', ['leader'])?.kind).toBe('role');
  });
});

describe('deriveStatus', () => {
  const a = (status: AssignmentStatus, parentId: string | null = null) => ({ status, parentId });
  it.each([
    ['dispatched', [a('dispatched')], 'dispatched'],
    ['dispatched', [a('handling'), a('dispatched')], 'handling'],
    ['handling', [a('replied'), a('handling')], 'handling'],
    ['handling', [a('replied'), a('replied')], 'reviewing'],
    ['handling', [a('replied'), a('returned')], 'reviewing'],
    ['dispatched', [a('returned')], 'registered'],
    ['dispatched', [a('return_requested')], 'dispatched'],
    ['handling', [a('replied'), a('handling', 'p')], 'reviewing'],
    ['redo', [a('handling')], 'redo'],
    ['redo', [a('replied')], 'reviewing'],
    ['visiting', [a('completed')], 'visiting'],
  ] as const)('%s with %j → %s', (current, list, expected) => {
    expect(deriveStatus(current, list)).toBe(expected);
  });
});

describe('caller privacy', () => {
  it('masks phones and names for units', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('023-6388 1234')).toBe('023****1234');
    expect(maskPhone('88881234')).toBe('****1234');
    expect(maskName('张三丰')).toBe('张**');
  });
  it('hides the caller from the unit complained about and on anonymous tickets', () => {
    const base = { viewerIsCenter: false, anonymous: false, confidential: false, viewerIsSubject: false };
    expect(callerView(base)).toBe('masked');
    expect(callerView({ ...base, viewerIsSubject: true })).toBe('hidden');
    expect(callerView({ ...base, anonymous: true })).toBe('hidden');
    expect(callerView({ ...base, confidential: true })).toBe('hidden');
    expect(callerView({ ...base, viewerIsCenter: true, anonymous: true })).toBe('full');
  });
});
