import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 units, no u flag). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const INVALID_TEXT_MESSAGE = '内容包含无法识别的字符（如空字符），请删除后重试';

/**
 * Whether a string can be stored: PostgreSQL refuses NUL (\u0000) in text and jsonb, and jsonb refuses
 * a lone UTF-16 surrogate (\ud800 without its pair), which no real character is made of.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** The path ('caller.name', 'units.0.unitId') of the first unstorable string in a value, keys included. */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path.join('.');
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findUnstorableText(v, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) return [...path, '(字段名)'].join('.');
      const found = findUnstorableText(v, [...path, k]);
      if (found !== null) return found;
    }
  }
  return null;
}

export const invalidText = (where: string, path: string) =>
  new AppError(422, 'invalid_text', INVALID_TEXT_MESSAGE, [{ path: path ? `${where}.${path}` : where, message: '含空字符或不成对的代理字符' }]);

/**
 * One defence for every route, before any schema or handler runs: path parameters, the query string
 * and a JSON body with unstorable text are refused with 422, whoever sends them (signed in or not).
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts: Array<[string, unknown]> = [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ];
    for (const [where, value] of parts) {
      const path = findUnstorableText(value);
      if (path !== null) throw invalidText(where, path);
    }
  });
}
