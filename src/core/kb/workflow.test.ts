import { describe, expect, it } from 'vitest';
import { checkKbAction, KB_RULES, KB_STATES, type KbAction } from './workflow.ts';

describe('the knowledge entry life', () => {
  it('allows each action only from its states, and says why not', () => {
    for (const action of Object.keys(KB_RULES) as KbAction[]) {
      for (const state of KB_STATES) {
        const who = KB_RULES[action].who;
        const refusal = checkKbAction(action, state, who);
        expect(refusal === null, `${action} from ${state}`).toBe(KB_RULES[action].from.includes(state));
        if (refusal) expect(refusal.message).toMatch(/不能/);
      }
    }
  });

  it('refuses the role before the state', () => {
    expect(checkKbAction('approve', 'draft', ['editor'])).toEqual({ kind: 'role', message: '只有热线中心的知识审核员可以审核通过并发布' });
    expect(checkKbAction('approve', 'pending', ['reviewer'])).toBeNull();
    expect(checkKbAction('submit', 'pending', ['editor'])?.kind).toBe('state');
  });
});
