import { parseMonth } from '../../../core/analytics/periods.ts';
import { formatInstant, parseDay, parseInstant } from '../../../core/calendar/civil-date.ts';
import { cityRates, cityReportSchema, PROVINCE_INDICATORS, provinceTotal, type CityReport } from '../../../core/exchange/indicators.ts';
import type { AppContext } from '../../app.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Queryable } from '../../db/connection.ts';
import { forbidden, invalid } from '../../http/errors.ts';
import type { ExchangePeer, ExchangePeers } from './peers.ts';

export interface CityReportReceived {
  ack: true;
  receipt: string;
  /** Kept as the city's figures of the month (false: the same message again, or older than the one kept). */
  stored: boolean;
  replayed: boolean;
  /** An earlier report of the month was replaced by this one. */
  replaced: boolean;
}

function read(body: unknown): CityReport {
  const parsed = cityReportSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw invalid(`指标报送格式不正确：${problems[0]?.path ?? ''} ${problems[0]?.message ?? ''}`.trim(), problems);
  }
  const r = parsed.data;
  const month = parseMonth(r.period);
  let through: number;
  let generated: number;
  try {
    through = parseDay(r.through);
    generated = parseInstant(r.generatedAt);
  } catch {
    throw invalid('through 或 generatedAt 不是有效的日期时间', [{ path: 'generatedAt', message: '应为 ISO 8601' }]);
  }
  if (through < month.from || through > month.to) throw invalid('through 应在所报月份之内', [{ path: 'through', message: '不在 period 之内' }]);
  if (!Number.isFinite(generated)) throw invalid('generatedAt 不是有效的时间', [{ path: 'generatedAt', message: '应为 ISO 8601' }]);
  return r;
}

/**
 * 省市两级数据通道 (四川 (sichuan-2021) 二): a city's indicators of one month, posted by the city's system
 * account (a key of scope `exchange` made here). Idempotent by city + month: the same message again changes
 * nothing, a newer report (by generatedAt) replaces the one kept, an older one is acknowledged and dropped.
 * Each city's reports come from one system account (bindAccount), so that a key given to one city cannot
 * overwrite another's figures.
 */
export async function receiveCityReport(ctx: AppContext, peer: ExchangePeer, body: unknown, by: Actor): Promise<CityReportReceived> {
  const r = read(body);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await bindAccount(tx, peer, by, now);
    const receipt = `${peer.id}:${r.period}:${r.messageId}`;
    const stored = await tx.query<{ versions: number }>(
      `INSERT INTO province_reports (peer, period, message_id, generated_at, through, complete, payload, received_at, received_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (peer, period) DO UPDATE SET message_id = EXCLUDED.message_id, generated_at = EXCLUDED.generated_at, through = EXCLUDED.through,
              complete = EXCLUDED.complete, payload = EXCLUDED.payload, received_at = EXCLUDED.received_at, received_by = EXCLUDED.received_by,
              versions = province_reports.versions + 1
        WHERE province_reports.message_id <> EXCLUDED.message_id AND province_reports.generated_at <= EXCLUDED.generated_at
       RETURNING versions`,
      [peer.id, r.period, r.messageId, new Date(parseInstant(r.generatedAt)), r.through, r.complete, JSON.stringify(r), new Date(now), by.id],
    );
    const row = stored.rows[0];
    const replayed = !row && (await tx.query('SELECT 1 FROM province_reports WHERE peer = $1 AND period = $2 AND message_id = $3', [peer.id, r.period, r.messageId])).rows.length > 0;
    await audit(tx, {
      action: 'exchange.indicators',
      at: now,
      actor: by,
      objectType: 'province-report',
      objectId: `${peer.id}:${r.period}`,
      detail: { peer: peer.id, period: r.period, through: r.through, complete: r.complete, stored: !!row, replayed },
    });
    return { ack: true, receipt, stored: !!row, replayed, replaced: !!row && row.versions > 1 };
  });
}

/**
 * The system account that reports for a city: the first that did. Another account is refused — unless the
 * bound one has no key left (all revoked: a new key of a new account takes over, audited) and the new one
 * reports for no other city. Rotating a key keeps its account, so a rotation changes nothing here.
 */
async function bindAccount(tx: Queryable, peer: ExchangePeer, by: Actor, now: number): Promise<void> {
  await tx.query('INSERT INTO province_cities (peer, account_id, bound_at) VALUES ($1, $2, $3) ON CONFLICT (peer) DO NOTHING', [peer.id, by.id, new Date(now)]);
  const { rows } = await tx.query<{ account_id: string; name: string; keys: boolean; elsewhere: boolean }>(
    `SELECT c.account_id, u.display_name AS name,
            EXISTS (SELECT 1 FROM api_keys k WHERE k.account_id = c.account_id AND k.revoked_at IS NULL) AS keys,
            EXISTS (SELECT 1 FROM province_cities o WHERE o.account_id = $2 AND o.peer <> c.peer) AS elsewhere
       FROM province_cities c JOIN users u ON u.id = c.account_id WHERE c.peer = $1 FOR UPDATE OF c`,
    [peer.id, by.id],
  );
  const bound = rows[0]!;
  if (bound.account_id === by.id) return;
  if (bound.keys || bound.elsewhere) {
    throw forbidden(`${peer.name}的指标由系统账号「${bound.name}」报送，其他账号的密钥不能代为报送（更换密钥请“轮换”；该账号的密钥全部吊销后，才可由新账号报送）`);
  }
  await tx.query('UPDATE province_cities SET account_id = $2, bound_at = $3 WHERE peer = $1', [peer.id, by.id, new Date(now)]);
  await audit(tx, { action: 'exchange.indicators-account', at: now, actor: by, objectType: 'province-city', objectId: peer.id, detail: { peer: peer.id, previous: bound.name } });
}

interface StoredRow {
  peer: string;
  period: string;
  generated_at: Date;
  through: string;
  complete: boolean;
  payload: CityReport;
  received_at: Date;
  versions: number;
}

/** The cities this province takes indicators from (EXCHANGE_PEERS, level "city"), in the configured order. */
export const citiesOf = (peers: ExchangePeers | undefined) => [...(peers?.values() ?? [])].filter((p) => p.level === 'city');

/**
 * 全省对比: every city's figures of one month side by side, rates computed here from the counts (the same
 * for each city and for the province's total), with the hot issues each city reported. A configured city
 * that has not reported is listed without figures.
 */
export async function provinceComparison(q: Queryable, peers: ExchangePeers | undefined, month: string) {
  const { rows } = await q.query<StoredRow>(
    'SELECT peer, period, generated_at, through, complete, payload, received_at, versions FROM province_reports WHERE period = $1',
    [month],
  );
  const months = await q.query<{ period: string }>('SELECT DISTINCT period FROM province_reports ORDER BY period DESC LIMIT 36');
  const configured = citiesOf(peers);
  const ids = [...configured.map((c) => c.id), ...rows.map((r) => r.peer).filter((p) => !configured.some((c) => c.id === p)).sort()];
  const cities = ids.map((id) => {
    const r = rows.find((x) => x.peer === id);
    const p = r?.payload;
    return {
      id,
      name: peers?.get(id)?.name ?? id,
      configured: configured.some((c) => c.id === id),
      report: p
        ? {
            through: r.through,
            complete: r.complete,
            generatedAt: formatInstant(r.generated_at.getTime()),
            receivedAt: formatInstant(r.received_at.getTime()),
            versions: r.versions,
            tickets: p.tickets,
            shares: p.shares,
            rates: cityRates(p.tickets, p.shares),
            byType: p.byType,
            byChannel: p.byChannel,
            byCategory: p.byCategory,
            byDistrict: p.byDistrict,
            hot: p.hot,
          }
        : null,
    };
  });
  const reported = rows.map((r) => r.payload);
  return {
    month,
    months: months.rows.map((m) => m.period),
    indicators: PROVINCE_INDICATORS,
    cities,
    total: { reported: reported.length, ...provinceTotal(reported) },
  };
}
