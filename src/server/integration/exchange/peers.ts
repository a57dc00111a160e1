import { z } from 'zod';

/**
 * 其他平台 (peer instances): another open12345 this one transfers tickets to (市 ↔ 区县, 重庆 ↔ 四川 川渝通办;
 * 重庆 第八条（二）). To the peer this instance is an upper platform: the peer lists it in its own
 * EXCHANGE_PLATFORMS (adapter `open12345`, url this instance's /api/exchange/peers/{id}/reports, token a key
 * of scope `exchange` made here), and this instance lists the peer in EXCHANGE_PEERS.
 */
export interface ExchangePeer {
  /** The id here: in /api/exchange/peers/{id}/reports and in the transfer. */
  id: string;
  /** Its name for people: 四川省 12345 平台. */
  name: string;
  /** The peer's base address: orders go to {url}/api/exchange/{platformId}/orders. */
  url: string;
  /** The API key (scope exchange, of the peer's center) this instance uses at the peer. */
  key: string;
  /** The id this instance has in the peer's EXCHANGE_PLATFORMS (and, at a province, in its EXCHANGE_PEERS). */
  platformId: string;
  /**
   * 省市两级数据通道 (四川 (sichuan-2021) 二): `province` — the peer is this city's province, which gets this
   * instance's monthly indicators (province-push.ts); `city` — the peer is a city of this province, whose
   * indicators are taken here (province-receive.ts). None: a peer beside this one (川渝通办, 市 ↔ 区县).
   */
  level?: 'province' | 'city';
}

export type ExchangePeers = ReadonlyMap<string, ExchangePeer>;

const peerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, '平台 id 只能是小写字母、数字和连字符'),
    name: z.string().trim().min(1).max(100),
    url: z.string().url('url 应为对方平台的地址（如 https://12345.example.gov.cn）'),
    key: z.string().min(1, 'key 应为对方平台发给本平台的 API 密钥（权限 exchange）'),
    platformId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'platformId 应为本平台在对方 EXCHANGE_PLATFORMS 中的 id'),
    level: z.enum(['province', 'city'], 'level 应为 province（本平台的省级平台）或 city（本省的市级平台）').optional(),
  })
  .strict();

/** EXCHANGE_PEERS: a JSON array of `{ id, name, url, key, platformId, level? }`. Unset: no peer (transfer not offered). */
export function peersFromEnv(text: string | undefined): ExchangePeer[] {
  if (!text?.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('EXCHANGE_PEERS 应为 JSON 数组');
  }
  const parsed = z.array(peerSchema).safeParse(json);
  if (!parsed.success) throw new Error(`EXCHANGE_PEERS 有误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  const ids = parsed.data.map((p) => p.id);
  if (new Set(ids).size !== ids.length) throw new Error('EXCHANGE_PEERS 中平台 id 重复');
  if (parsed.data.filter((p) => p.level === 'province').length > 1) throw new Error('EXCHANGE_PEERS 中只能有一个省级平台（level: province）');
  return parsed.data;
}

/** Where the peer takes orders from this instance. */
export const ordersUrl = (p: ExchangePeer) => `${p.url.replace(/\/+$/, '')}/api/exchange/${p.platformId}/orders`;

/** Where a city's indicators go at its province: {url}/api/exchange/peers/{platformId}/indicators. */
export const indicatorsUrl = (p: ExchangePeer) => `${p.url.replace(/\/+$/, '')}/api/exchange/peers/${p.platformId}/indicators`;
