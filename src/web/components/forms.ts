import type { FormInstance } from 'antd';

/**
 * The form's values, or null while a field is invalid. antd marks the invalid fields itself and
 * rejects validateFields() with them; an onOk/onClick handler that let that rejection escape threw
 * an uncaught page error at every failed submit (issue 11). Other errors still throw.
 */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (error) {
    if (error && typeof error === 'object' && 'errorFields' in error) return null;
    throw error;
  }
}
