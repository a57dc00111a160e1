import { createHash } from 'node:crypto';

/** SHA-256 by default; SM3 (GB/T 32905-2016) for 商用密码 deployments. Node's OpenSSL has both. */
export type AuditAlgorithm = 'sha256' | 'sm3';
export const AUDIT_ALGORITHMS: readonly AuditAlgorithm[] = ['sha256', 'sm3'];

/** The genesis link: what the first record's prev_hash is. */
export const GENESIS = '0'.repeat(64);

/**
 * One text for one value, whatever the key order: keys sorted, undefined dropped, dates as epoch ms,
 * uuids in lower case, so a record hashed when written and the same record read back from the
 * database (jsonb reorders keys) give the same bytes.
 */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return String(value.getTime());
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** 'sha256:<hex>' or 'sm3:<hex>': each hash names its algorithm, so a deployment can switch later. */
export function digest(algorithm: AuditAlgorithm, text: string): string {
  return `${algorithm}:${createHash(algorithm).update(text, 'utf8').digest('hex')}`;
}

/** Recomputes a stored digest with the algorithm it names. */
export function redigest(stored: string | null, text: string): string {
  const algorithm = (stored?.split(':')[0] ?? 'sha256') as AuditAlgorithm;
  return digest(AUDIT_ALGORITHMS.includes(algorithm) ? algorithm : 'sha256', text);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const lowerId = (v: string | null | undefined): string | null => (v == null ? null : UUID.test(v) ? v.toLowerCase() : v);
