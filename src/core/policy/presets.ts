import chongqing from '../../../policies/chongqing-2021.json' with { type: 'json' };
import dazu from '../../../policies/dazu-2021.json' with { type: 'json' };
import liangshan from '../../../policies/liangshan-2023.json' with { type: 'json' };
import shaoyang from '../../../policies/shaoyang-2023.json' with { type: 'json' };
import { PolicyError } from './errors.ts';
import { policySchema, type Policy } from './schema.ts';

/** The regulation presets shipped in policies/, each validated by the schema when first used. */
const RAW: Record<string, unknown> = {
  'chongqing-2021': chongqing,
  'dazu-2021': dazu,
  'liangshan-2023': liangshan,
  'shaoyang-2023': shaoyang,
};

export const PRESET_IDS = Object.keys(RAW);

const cache = new Map<string, Policy>();

export function getPreset(id: string): Policy {
  const hit = cache.get(id);
  if (hit) return hit;
  const raw = RAW[id];
  if (!raw) {
    throw new PolicyError('unknown_policy', `没有名为“${id}”的时限预设，可选：${PRESET_IDS.join('、')}`);
  }
  const policy = policySchema.parse(raw);
  cache.set(id, policy);
  return policy;
}
