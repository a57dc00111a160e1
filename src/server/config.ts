import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { AUDIT_ALGORITHMS, type AuditAlgorithm } from './audit/hashing.ts';
import type { Algorithm } from './privacy/cipher.ts';
import type { KeySettings } from './privacy/keys.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './auth/throttle.ts';
import { DEFAULT_MISUSE_MARK_DAYS } from '../core/flags/misuse.ts';
import type { UpperPlatform } from './integration/exchange/adapter.ts';
import { platformsFromEnv } from './integration/exchange/config.ts';
import { peersFromEnv, type ExchangePeer } from './integration/exchange/peers.ts';

/** Settings from the environment; every one has a default that runs the demo. */
export interface ServerConfig {
  port: number;
  host: string;
  /** postgres://… for a real server; undefined runs embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Preset id (policies/) or a path to a custom policy JSON. */
  policy: string;
  production: boolean;
  /** Seed the demo city when the embedded database is empty. */
  demo: boolean;
  /** With the demo city, its last 90 days of tickets lived through the engine (DEMO_HISTORY=off: an empty city). */
  demoHistory: boolean;
  /** Calendar override files (JSON or ICS), comma-separated in CALENDAR_FILES. */
  calendarFiles: string[];
  /** Office hours (JSON as in the README) in OFFICE_HOURS_FILE; an administrator's setting overrides it. */
  officeHoursFile: string | undefined;
  /** Run the clock watcher and outbox sender in this process. */
  jobs: boolean;
  /**
   * Server processes sharing the port (WORKERS; `auto`: one per core). PostgreSQL only: the embedded
   * database is opened by one process. The jobs run in the first of them.
   */
  workers: number;
  secureCookies: boolean;
  /** The classifier's retraining job: how often it looks, and how many new closed tickets make it train. */
  classifierRetrain: { intervalMs: number; minNewTickets: number };
  /** Days before a request searched for earlier tickets of the same matter (REPEAT_WINDOW_DAYS). */
  repeatWindowDays: number;
  /** Which proxies' X-Forwarded-For to believe (TRUST_PROXY): none, all, a hop count or addresses. */
  trustProxy: boolean | number | string[];
  /** pino's level for the JSON log lines on stdout (LOG_LEVEL). */
  logLevel: string;
  /** Portal tracking and rating: per address and minute; wrong query codes per ticket number and hour. */
  portal: { lookupsPerMinute: number; wrongCodesPerHour: number };
  /**
   * The audit log: AUDIT=false turns it off (benchmarks only), AUDIT_HASH=sha256|sm3 the chain's hash,
   * AUDIT_SEAL_DIR where seals of the chain's head are appended (default DATA_DIR/audit-seals).
   */
  audit: { enabled: boolean; algorithm: AuditAlgorithm; sealsDir: string };
  /** Callers' names and phones sealed at rest (ENCRYPTION=off turns it off: benchmarks); on by default. */
  encryption: boolean;
  /** br/gzip of answers and static files (COMPRESSION=off turns it off: bench:web's baseline); on by default. */
  compression: boolean;
  /** Pages rendered on the server with their data (issue 11); SSR=off sends them for the browser to render. */
  ssr: boolean;
  /**
   * Repeated statements kept prepared on each PostgreSQL connection (PREPARED_STATEMENTS, on by
   * default; db/prepared.ts). Off behind a pooler that shares connections per transaction (PgBouncer
   * before 1.21), where a statement prepared on one connection is missing on the next.
   */
  preparedStatements: boolean;
  /** Where the data keys come from (KEY_FILE, DATA_KEYS …; src/server/privacy/keys.ts). */
  keys: KeySettings;
  /** Sign-in throttling (LOGIN_FREE_FAILURES, LOGIN_WINDOW_MINUTES, LOGIN_LOCK_FAILURES, LOGIN_LOCK_ADDRESSES). */
  login: LoginLimits;
  /** The SMS gateway's shared secret for the replies it posts (SMS_INBOUND_SECRET); unset: none accepted. */
  smsInboundSecret: string | undefined;
  /** The telephone platform's shared secret for the call events it posts (TELEPHONY_EVENTS_SECRET); unset: the route is off. */
  telephonyEventsSecret: string | undefined;
  /** How many days an approved 恶意/骚扰来电 mark stays in force (MISUSE_MARK_DAYS; no regulation sets it). */
  misuseMarkDays: number;
  /** The upper platforms orders come from and reports go to (EXCHANGE_PLATFORMS, JSON; integration/exchange/config.ts). */
  exchangePlatforms: UpperPlatform[];
  /** Other open12345 instances tickets are transferred to (EXCHANGE_PEERS, JSON; integration/exchange/peers.ts). */
  exchangePeers: ExchangePeer[];
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  return {
    port: Number(env.PORT ?? 12345),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    policy: env.POLICY ?? 'chongqing-2021',
    production,
    demo: !production && !databaseUrl && env.DEMO !== 'false',
    demoHistory: onOff('DEMO_HISTORY', env.DEMO_HISTORY, true),
    calendarFiles: (env.CALENDAR_FILES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    officeHoursFile: env.OFFICE_HOURS_FILE || undefined,
    jobs: env.JOBS !== 'false',
    workers: env.WORKERS === 'auto' ? availableParallelism() : whole(env, 'WORKERS', 1, 1, 64),
    secureCookies: env.SECURE_COOKIES === 'true' || production,
    classifierRetrain: {
      intervalMs: Number(env.CLASSIFIER_RETRAIN_HOURS ?? 24) * 3_600_000,
      minNewTickets: Number(env.CLASSIFIER_MIN_NEW_TICKETS ?? 200),
    },
    repeatWindowDays: repeatWindow(env.REPEAT_WINDOW_DAYS),
    trustProxy: trustProxy(env.TRUST_PROXY),
    logLevel: logLevel(env.LOG_LEVEL),
    portal: {
      lookupsPerMinute: positive('PORTAL_LOOKUPS_PER_MINUTE', env.PORTAL_LOOKUPS_PER_MINUTE, 10),
      wrongCodesPerHour: positive('PORTAL_WRONG_CODES_PER_HOUR', env.PORTAL_WRONG_CODES_PER_HOUR, 10),
    },
    audit: {
      enabled: env.AUDIT !== 'false',
      algorithm: auditAlgorithm(env.AUDIT_HASH),
      sealsDir: resolve(env.AUDIT_SEAL_DIR || join(dataDir, 'audit-seals')),
    },
    encryption: onOff('ENCRYPTION', env.ENCRYPTION, true),
    compression: onOff('COMPRESSION', env.COMPRESSION, true),
    ssr: onOff('SSR', env.SSR, true),
    preparedStatements: onOff('PREPARED_STATEMENTS', env.PREPARED_STATEMENTS, true),
    keys: {
      keyFile: resolve(env.KEY_FILE || join(env.DATA_DIR ?? 'data', 'keys.json')),
      keyFileExplicit: Boolean(env.KEY_FILE),
      // a production server never makes up its own keys: they are configured and backed up
      generate: !production,
      algorithm: cipher(env.DATA_CIPHER),
    },
    smsInboundSecret: env.SMS_INBOUND_SECRET || undefined,
    telephonyEventsSecret: env.TELEPHONY_EVENTS_SECRET || undefined,
    misuseMarkDays: whole(env, 'MISUSE_MARK_DAYS', DEFAULT_MISUSE_MARK_DAYS, 1, 3650),
    exchangePlatforms: platformsFromEnv(env.EXCHANGE_PLATFORMS),
    exchangePeers: peersFromEnv(env.EXCHANGE_PEERS),
    login: {
      freeFailures: whole(env, 'LOGIN_FREE_FAILURES', DEFAULT_LOGIN_LIMITS.freeFailures, 1, 100),
      windowMinutes: whole(env, 'LOGIN_WINDOW_MINUTES', DEFAULT_LOGIN_LIMITS.windowMinutes, 1, 1440),
      lockFailures: whole(env, 'LOGIN_LOCK_FAILURES', DEFAULT_LOGIN_LIMITS.lockFailures, 1, 10_000),
      lockAddresses: whole(env, 'LOGIN_LOCK_ADDRESSES', DEFAULT_LOGIN_LIMITS.lockAddresses, 2, 16),
    },
  };
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Fastify's trustProxy takes it: false (default: X-Forwarded-For ignored, the
 * connecting address is the client), true (believe every proxy), a number of hops, or proxy
 * addresses/subnets separated by commas (e.g. 10.0.0.0/8,127.0.0.1, or loopback).
 */
function trustProxy(text: string | undefined): boolean | number | string[] {
  const t = (text ?? '').trim();
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  if (/^\d+$/.test(t)) return Number(t);
  const list = t.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const ok = PROXY_KEYWORDS.includes(entry) || (isIP(address ?? '') !== 0 && extra === undefined && (bits === undefined || /^\d{1,3}$/.test(bits)));
    if (!ok) throw new Error(`TRUST_PROXY 应为 true、false、代理层数，或以逗号分隔的代理地址/网段：${entry}`);
  }
  return list;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(text: string | undefined): string {
  const level = (text ?? '').trim() || 'info';
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL 应为 ${LEVELS.join('、')} 之一：${text}`);
  return level;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} 应为正整数：${text}`);
  return n;
}

function onOff(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (['on', 'true', '1'].includes(text)) return true;
  if (['off', 'false', '0'].includes(text)) return false;
  throw new Error(`${name} 应为 on 或 off：${text}`);
}

function cipher(text: string | undefined): Algorithm {
  if (!text) return 'aes-256-gcm';
  if (text === 'aes-256-gcm' || text === 'sm4') return text;
  throw new Error(`DATA_CIPHER 应为 aes-256-gcm 或 sm4：${text}`);
}

/** 1–365 days; anything else is a configuration mistake, said at start-up rather than ignored. */
function repeatWindow(text: string | undefined): number {
  if (text === undefined || text === '') return 30;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new Error(`REPEAT_WINDOW_DAYS 应为 1 到 365 之间的整数天数：${text}`);
  return days;
}

function auditAlgorithm(text: string | undefined): AuditAlgorithm {
  if (!text) return 'sha256';
  if (!AUDIT_ALGORITHMS.includes(text as AuditAlgorithm)) throw new Error(`AUDIT_HASH 应为 sha256 或 sm3：${text}`);
  return text as AuditAlgorithm;
}

/** A whole number in [min, max], or the default when unset; a bad value stops the start-up. */
function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} 应为 ${min} 到 ${max} 之间的整数：${text}`);
  return n;
}
