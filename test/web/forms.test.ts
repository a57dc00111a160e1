import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { validValues } from '../../src/web/components/forms.ts';

/** A form whose validateFields() answers in turn with each outcome given (antd's shapes). */
function formAnswering(...outcomes: ({ ok: object } | { reject: unknown })[]) {
  let calls = 0;
  const form = {
    validateFields: () => {
      const o = outcomes[Math.min(calls++, outcomes.length - 1)]!;
      return 'ok' in o ? Promise.resolve(o.ok) : Promise.reject(o.reject);
    },
  } as unknown as FormInstance<object>;
  return { form, calls: () => calls };
}

const stale = { values: {}, errorFields: [], outOfDate: true };

describe('validValues: a submit is never silently dropped', () => {
  it('validates again when antd rejected the run as outOfDate with no error (a field changed meanwhile)', async () => {
    const f = formAnswering({ reject: stale }, { ok: { hotline: '120' } });
    await expect(validValues(f.form)).resolves.toEqual({ hotline: '120' });
    expect(f.calls()).toBe(2);
  });

  it('gives null for a field in error, without validating again', async () => {
    const f = formAnswering({ reject: { values: {}, errorFields: [{ name: ['content'], errors: ['请填写诉求内容'] }], outOfDate: true } });
    await expect(validValues(f.form)).resolves.toBeNull();
    expect(f.calls()).toBe(1);
  });

  it('stops after a few stale runs, and lets any other error through', async () => {
    const f = formAnswering({ reject: stale });
    await expect(validValues(f.form)).resolves.toBeNull();
    expect(f.calls()).toBe(4);
    await expect(validValues(formAnswering({ reject: new TypeError('boom') }).form)).rejects.toThrow('boom');
  });
});
