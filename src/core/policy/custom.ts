import { z } from 'zod';
import { PolicyError } from './errors.ts';
import { getPreset } from './presets.ts';
import { policySchema, type Policy } from './schema.ts';

/**
 * A deployment's own policy: either a whole preset, or `{ "extends": "<preset id>", ...changes }`
 * where objects merge key by key, arrays replace, and `null` removes a rule (a clock the
 * deployment does not keep). The result is validated like a shipped preset.
 */
export function resolvePolicy(input: unknown): Policy {
  if (!isObject(input)) throw new PolicyError('invalid_policy', '时限策略应为 JSON 对象');
  let merged: unknown = input;
  if (typeof input.extends === 'string') {
    const { extends: base, ...changes } = input;
    merged = mergeDeep(getPreset(base as string), changes);
  }
  const result = policySchema.safeParse(merged);
  if (!result.success) {
    throw new PolicyError('invalid_policy', `时限策略不合规：\n${formatIssues(result.error)}`);
  }
  return result.data;
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.join('.') || '(根)'}：${i.message}`).join('\n');
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function mergeDeep(base: unknown, changes: unknown): unknown {
  if (!isObject(base) || !isObject(changes)) return changes;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null && !isNullable(key)) delete out[key];
    else out[key] = mergeDeep(base[key], value);
  }
  return out;
}

/** Top-level rules that are nullable in the schema keep an explicit null instead of being removed. */
function isNullable(key: string): boolean {
  return ['extension', 'returnLapse', 'returnPhotos', 'supervisionExtension'].includes(key);
}
