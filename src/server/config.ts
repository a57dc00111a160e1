import { resolve } from 'node:path';

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
  /** Calendar override files (JSON or ICS), comma-separated in CALENDAR_FILES. */
  calendarFiles: string[];
  /** Run the clock watcher and outbox sender in this process. */
  jobs: boolean;
  secureCookies: boolean;
  /** The classifier's retraining job: how often it looks, and how many new closed tickets make it train. */
  classifierRetrain: { intervalMs: number; minNewTickets: number };
  /** Days before a request searched for earlier tickets of the same matter (REPEAT_WINDOW_DAYS). */
  repeatWindowDays: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT ?? 12345),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    policy: env.POLICY ?? 'chongqing-2021',
    production,
    demo: !production && !databaseUrl && env.DEMO !== 'false',
    calendarFiles: (env.CALENDAR_FILES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    jobs: env.JOBS !== 'false',
    secureCookies: env.SECURE_COOKIES === 'true' || production,
    classifierRetrain: {
      intervalMs: Number(env.CLASSIFIER_RETRAIN_HOURS ?? 24) * 3_600_000,
      minNewTickets: Number(env.CLASSIFIER_MIN_NEW_TICKETS ?? 200),
    },
    repeatWindowDays: repeatWindow(env.REPEAT_WINDOW_DAYS),
  };
}

/** 1–365 days; anything else is a configuration mistake, said at start-up rather than ignored. */
function repeatWindow(text: string | undefined): number {
  if (text === undefined || text === '') return 30;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new Error(`REPEAT_WINDOW_DAYS 应为 1 到 365 之间的整数天数：${text}`);
  return days;
}
