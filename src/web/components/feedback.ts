import { message } from 'antd';
import { ApiError } from '../api.ts';

/** Shows a server or network error in Chinese. */
export function showError(error: unknown): void {
  const text = error instanceof ApiError ? error.message : '操作失败，请稍后重试';
  void message.error(text);
}
