import { z } from 'zod';
import type { UpperPlatform } from './adapter.ts';
import { ADAPTERS } from './reference-adapter.ts';
// the open12345 ↔ open12345 adapter registers itself beside the reference one
import './peer-adapter.ts';

const platformSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, '平台 id 只能是小写字母、数字和连字符'),
    name: z.string().trim().min(1).max(100),
    adapter: z.string().refine((a) => a in ADAPTERS, { message: `适配器应为 ${Object.keys(ADAPTERS).join('、')} 之一` }),
    url: z.string().url('url 应为上级平台接收报送的地址'),
    token: z.string().min(1).optional(),
    national: z.boolean().optional(),
    schedule: z
      .object({ progressOn: z.array(z.string()).optional(), progressEveryHours: z.number().positive().nullable().optional() })
      .strict()
      .optional(),
  })
  .strict();

/**
 * EXCHANGE_PLATFORMS: the upper platforms, a JSON array of
 * `{ id, name, adapter, url, token?, national?, schedule?: { progressOn?, progressEveryHours? } }`.
 * Unset: no platform (the inbound address answers 404, nothing is reported).
 */
export function platformsFromEnv(text: string | undefined): UpperPlatform[] {
  if (!text?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('EXCHANGE_PLATFORMS 应为 JSON 数组');
  }
  const parsed = z.array(platformSchema).safeParse(json);
  if (!parsed.success) throw new Error(`EXCHANGE_PLATFORMS 有误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  const ids = parsed.data.map((p) => p.id);
  if (new Set(ids).size !== ids.length) throw new Error('EXCHANGE_PLATFORMS 中平台 id 重复');
  return parsed.data.map((p) => ({ ...p, schedule: p.schedule ? { ...(p.schedule.progressOn ? { progressOn: p.schedule.progressOn } : {}), ...(p.schedule.progressEveryHours !== undefined ? { progressEveryHours: p.schedule.progressEveryHours } : {}) } : undefined })) as UpperPlatform[];
}
