import type { FormInstance } from 'antd';

/**
 * The form's values, or null while a field is invalid. antd marks the invalid fields itself and
 * rejects validateFields() with them; an onOk/onClick handler that let that rejection escape threw
 * an uncaught page error at every failed submit (issue 11). Other errors still throw.
 */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await form.validateFields();
    } catch (error) {
      if (!error || typeof error !== 'object' || !('errorFields' in error)) throw error;
      // A field that changed while this ran started a validation of its own, and antd rejects this
      // one as outOfDate with no error at all: a submit that then did nothing looked like a dead
      // button. Such a submit validates again.
      const stale = 'outOfDate' in error && error.outOfDate && !(error.errorFields as unknown[]).length;
      if (!stale || attempt >= 3) return null;
    }
  }
}

/** The first message of a rejected validateFields(), to say where the user cannot see the field. */
export function firstFieldError(form: FormInstance): string | null {
  return form.getFieldsError().find((f) => f.errors.length)?.errors[0] ?? null;
}
