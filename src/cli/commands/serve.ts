import { sendSmsVisits } from '../../server/sms/auto-visit.ts';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { getPreset, resolvePolicy, type Policy } from '../../core/policy/index.ts';
import { buildApp, type AppContext } from '../../server/app.ts';
import { diskStorage } from '../../server/attachments/storage.ts';
import { DEMO_PASSWORD } from '../../server/auth/passwords.ts';
import { purgeAuthData } from '../../server/auth/purge.ts';
import { configFromEnv, type ServerConfig } from '../../server/config.ts';
import { pgliteDb, postgresDb, type Db } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { DEMO_USERNAMES, isEmpty, seedDemo } from '../../server/demo/seed.ts';
import { seedDemoRoster } from '../../server/demo/roster.ts';
import { DEFAULT_HISTORY_DAYS, generateHistory } from '../../server/demo/history.ts';
import { configureAudit } from '../../server/audit/record.ts';
import { createClassifier } from '../../server/classify/service.ts';
import { retrainClassifierIfDue } from '../../server/jobs/classifier-retrain.ts';
import { watchClocks } from '../../server/jobs/clock-watcher.ts';
import { watchSurges } from '../../server/analytics/warnings.ts';
import { watchBursts } from '../../server/analytics/bursts.ts';
import { foldRollups } from '../../server/analytics/rollups/upkeep.ts';
import { drainOutbox, logSink } from '../../server/jobs/outbox.ts';
import { runWebhooks } from '../../server/integration/webhooks/job.ts';
import { drainExchange } from '../../server/integration/exchange/deliver.ts';
import { provinceOf, runProvincePushes } from '../../server/integration/exchange/province-push.ts';
import { watchKnowledgeBase } from '../../server/kb/expiry.ts';
import { watchSupervisionTriggers } from '../../server/supervision/triggers.ts';
import { CliError, readCalendarFiles, readJsonFile } from '../files.ts';
import { serverCalendar } from '../../server/admin/calendar-store.ts';
import { ensureWebBuilt } from '../web-build.ts';
import { lockDataDir } from '../data-lock.ts';
import { backfillFingerprints } from '../../server/repeats/backfill.ts';
import { sealIfDue } from '../../server/audit/seal.ts';
import { prepareVault, vaultFromConfig } from '../../server/privacy/startup.ts';
import type { Vault } from '../../server/privacy/vault.ts';
import { UnitPresets } from '../../server/policy/for-unit.ts';
import { classifierTokenizer } from '../../server/classify/tokenizer.ts';
import { lexiconFor } from '../../server/kb/lexicon.ts';
import { packagedGazetteer } from '../../core/territory/gazetteer.ts';
import { backfillSounds } from '../../server/kb/backfill-sounds.ts';
import { homophoneString } from '../../server/kb/segmenter.ts';
import { runPrimary, workerNumber } from './serve-workers.ts';

/** The keys for callers' personal data, with a configuration mistake said as a command-line error. */
export function openVault(config: ServerConfig): Vault {
  try {
    return vaultFromConfig(config, process.env, (line) => process.stdout.write(line));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** Checks the keys against the database and seals plaintext left from before encryption. */
async function sealExisting(db: Db, vault: Vault, release: () => Promise<void>): Promise<void> {
  try {
    const n = await prepareVault(db, vault);
    if (n) process.stdout.write(`已加密 ${n} 项历史个人信息（来电人姓名、电话）\n`);
  } catch (error) {
    await release();
    throw new CliError((error as Error).message);
  }
}

/** The configuration, with a mistake in it said as a command-line error. */
export function readConfig(): ServerConfig {
  try {
    return configFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export function loadServerPolicy(config: ServerConfig): Policy {
  return config.policy.endsWith('.json') ? resolvePolicy(readJsonFile(config.policy)) : getPreset(config.policy);
}

/**
 * Opens the database the configuration names. The embedded PGlite keeps no lock of its own and
 * runs with fsync off, so we hold an exclusive lock on its folder: a second server on the same
 * folder is refused instead of corrupting it.
 */
export async function openDatabase(config: ServerConfig): Promise<{ db: Db; release: () => Promise<void> }> {
  if (config.databaseUrl) {
    const db = postgresDb(config.databaseUrl, { max: 16, prepared: config.preparedStatements });
    return { db, release: () => db.close() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = await lockDataDir(config.dataDir);
  const db = await pgliteDb(join(config.dataDir, 'pg'), { prepared: config.preparedStatements });
  return {
    db,
    release: async () => {
      await db.close();
      await unlock();
    },
  };
}

/**
 * The demo city's last 90 days, lived through the engine (src/server/demo/history.ts), on its first
 * start. A failure leaves the city as seeded and the server starts all the same.
 */
async function seedHistory(config: ServerConfig, base: Omit<AppContext, 'now'>): Promise<void> {
  // the audit records it writes follow the configuration, as buildApp sets it for requests
  configureAudit({ enabled: config.audit.enabled, algorithm: config.audit.algorithm });
  process.stdout.write(`正在生成演示城市近 ${DEFAULT_HISTORY_DAYS} 天的工单（经由工单引擎逐步办理，约需一分钟；设置 DEMO_HISTORY=off 可跳过）……\n`);
  try {
    const r = await generateHistory(base, { progress: (line) => process.stdout.write(line) });
    process.stdout.write(`已生成演示工单 ${r.tickets} 件（${r.from} 至 ${r.to}），用时 ${Math.round(r.ms / 1000)} 秒\n`);
    if (r.accounts.length) process.stdout.write(`各承办单位的演示账号：${r.accounts.join('、')}，密码均为 ${DEMO_PASSWORD}\n`);
    if (r.failures.length) process.stderr.write(`演示工单有 ${r.failures.length} 步未能办理，例如：${r.failures[0]}\n`);
  } catch (error) {
    process.stderr.write(`生成演示工单出错，演示城市中的工单不完整：${(error as Error).message}\n`);
  }
}

/**
 * What the primary of `serve` with WORKERS does once before it starts them: migrations, the data
 * keys checked and old plaintext sealed, the front end built (serve-workers.ts).
 */
async function prepareWorkers(config: ServerConfig): Promise<void> {
  const vault = openVault(config);
  const { db, release } = await openDatabase(config);
  await migrate(db);
  await sealExisting(db, vault, release);
  await release();
  if (process.env.WEB !== 'false' && !process.env.WEB_DIR) await ensureWebBuilt((s) => process.stdout.write(s));
}

/** Work left from before a feature, done in the background while the server already serves. */
function fillInBackground(db: Db): void {
  // Knowledge entries indexed before the homophone match get their sounds.
  void backfillSounds(db)
    .then((n) => n && process.stdout.write(`已为 ${n} 条知识重建同音检索\n`))
    .catch((error) => process.stderr.write(`知识同音检索补建出错：${(error as Error).message}\n`));
  // Tickets from before repeat detection get their fingerprints.
  void backfillFingerprints(db)
    .then((n) => n && process.stdout.write(`已为 ${n} 件历史工单建立重复件指纹\n`))
    .catch((error) => process.stderr.write(`重复件指纹补建出错：${(error as Error).message}\n`));
}

/** How often the 群体性苗头 watcher runs (the other jobs run every 10 s). */
const BURSTS_EVERY_MS = 60_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('启动服务：HTTP 接口（端口 PORT，默认 12345）、时限监控与通知发送')
    .action(async () => {
      const config = readConfig();
      const worker = workerNumber();
      const started = (policyId: string, workers: string) =>
        process.stdout.write(
          `open12345 已启动：http://localhost:${config.port}  接口文档 http://localhost:${config.port}/api/docs\n` +
            `数据库：${config.databaseUrl ? 'PostgreSQL' : `嵌入式 PGlite（${config.dataDir}；生产数据请使用 PostgreSQL：DATABASE_URL）`}${workers}  时限预设：${policyId}\n`,
        );
      if (config.workers > 1 && worker === null) {
        if (!config.databaseUrl) throw new CliError('WORKERS 大于 1 时须使用 PostgreSQL（DATABASE_URL）：嵌入式数据库只能由一个进程打开');
        const policyId = loadServerPolicy(config).id;
        return runPrimary(config, () => prepareWorkers(config), () => started(policyId, `  工作进程：${config.workers} 个`));
      }
      const policy = loadServerPolicy(config);
      const calendarFiles = readCalendarFiles(config);
      // WEB_DIR serves a front end built elsewhere as it is (bench:web's baseline build)
      const webDir = process.env.WEB === 'false' ? undefined : process.env.WEB_DIR ? resolve(process.env.WEB_DIR) : await ensureWebBuilt((s) => process.stdout.write(s));
      const vault = openVault(config);
      const { db, release } = await openDatabase(config);
      // a worker's primary has done both (prepareWorkers): each would scan the tickets again
      if (worker === null) {
        await migrate(db);
        await sealExisting(db, vault, release);
      }
      const calendar = await serverCalendar(db, calendarFiles);
      const storage = diskStorage(join(config.dataDir, 'attachments'));
      if (config.demo && (await isEmpty(db))) {
        await seedDemo(db);
        // the roster around the day the demo starts, so that 值班 now is true (by the clock it runs on)
        await seedDemoRoster(db, calendar, Date.now());
        process.stdout.write(`已创建演示城市和演示账号（仅供演示）：${DEMO_USERNAMES.join('、')}，密码均为 ${DEMO_PASSWORD}\n`);
        // a fresh demo city: no unit names a preset of its own yet
        if (config.demoHistory) await seedHistory(config, { db, policy, presets: new UnitPresets(policy), calendar, storage, vault, classifier: createClassifier(db) });
      }
      if (!config.demo) {
        // Not a refusal: such accounts can sign in only to change their password (issue 10), which
        // is how a fresh deployment's first admin gets a password of its own.
        const { rows } = await db.query<{ username: string }>('SELECT username FROM users WHERE default_password AND active ORDER BY username');
        if (rows.length) {
          process.stdout.write(`注意：以下账号仍在使用系统分配的密码，登录后须先修改密码才能使用：${rows.map((r) => r.username).join('、')}\n`);
        }
      }
      const app = await buildApp({
        db, policy, calendar, calendarFiles, webDir, compression: config.compression, ssr: config.ssr, storage, secureCookies: config.secureCookies, repeatWindowDays: config.repeatWindowDays, vault,
        logger: { level: config.logLevel },
        trustProxy: config.trustProxy,
        portalLimits: { lookupsPerMinute: config.portal.lookupsPerMinute, guesses: { attempts: config.portal.wrongCodesPerHour, windowMs: 3_600_000 } },
        audit: config.audit,
        login: config.login, demoMode: config.demo, smsInboundSecret: config.smsInboundSecret, telephonyEventsSecret: config.telephonyEventsSecret, misuseMarkDays: config.misuseMarkDays,
        exchangePlatforms: config.exchangePlatforms,
        exchangePeers: config.exchangePeers,
      });
      // The word segmenters (jieba with its dictionary: ~0.6 s each), the classifier's model (~0.45 s
      // to decode) and the gazetteer of China's divisions (~0.3 s) are made ready before serving, not
      // by the first registration or search, which held every other request that long (issue 16).
      classifierTokenizer();
      await app.classifier.reload();
      await lexiconFor(db);
      packagedGazetteer();
      homophoneString('');
      await app.listen({ port: config.port, host: config.host });
      if (worker === null) started(policy.id, '');
      // the background fills run once: in the first worker when there are several
      if (worker === null || worker === 1) fillInBackground(db);
      let timer: NodeJS.Timeout | null = null;
      let jobsRunning: Promise<void> = Promise.resolve();
      let retrainTimer: NodeJS.Timeout | null = null;
      if (config.jobs) {
        // On a timer of its own: training takes seconds and must not hold up the clock watcher.
        let retraining = false;
        retrainTimer = setInterval(() => {
          if (retraining) return;
          retraining = true;
          void retrainClassifierIfDue(db, config.classifierRetrain)
            .then((r) => {
              if (r.ran && r.trained) {
                process.stdout.write(`已用 ${r.closedTickets} 件已办结工单重新训练分类模型 ${r.model.id}\n`);
                return app.classifier.reload();
              }
            })
            .catch((error) => process.stderr.write(`分类模型训练出错：${(error as Error).message}\n`))
            .finally(() => {
              retraining = false;
            });
        }, 10 * 60_000);
        const sink = logSink();
        let running = false;
        let burstsWatchedAt = 0;
        timer = setInterval(() => {
          if (running) return;
          running = true;
          let finished!: () => void;
          jobsRunning = new Promise<void>((resolve) => (finished = resolve));
          // the admin may have loaded a new calendar: the app context holds the current one
          // and the subtrees' presets as an admin last set them (policy/for-unit.ts)
          const jobCtx = { db, policy, presets: app.appContext.presets, calendar: app.appContext.calendar, storage, now: Date.now, vault };
          void watchClocks(jobCtx)
            .then(() => watchKnowledgeBase(jobCtx))
            // 督办 beyond the clocks: the preset's supervisionTriggers (邵阳 第二十四条, 凉山 第二十二条, 重庆 第十五条)
            .then(() => watchSupervisionTriggers(jobCtx))
            // 短信回访 once the units are done, where the preset sends it (凉山 第十三条（一）)
            .then(() => sendSmsVisits(jobCtx))
            // 监测预警: unusual surges of one matter at one place (src/core/analytics/warning.ts)
            .then(() => watchSurges(db, Date.now()))
            // and near-identical requests from many callers within hours (src/core/analytics/clusters.ts)
            .then(() => {
              // three hours of requests clustered: once a minute is soon enough for a 苗头, and a busy
              // window costs the server ~0.1 s of clustering each time (issue 16)
              if (Date.now() - burstsWatchedAt < BURSTS_EVERY_MS) return null;
              burstsWatchedAt = Date.now();
              return watchBursts(db, Date.now());
            })
            // 考核与看板的汇总: fold the tickets changed since the last round (migration 017)
            .then(() => foldRollups(db, 20_000))
            // the audit chain's head sealed once a day (src/server/audit/seal.ts)
            .then(() => (config.audit.enabled ? sealIfDue(db, { dir: config.audit.sealsDir, now: Date.now() }) : null))
            .then(() => drainOutbox(db, vault, sink, 100, Date.now))
            // Webhook 数据推送 to units' systems, with back-off (重庆 第二十一条, 凉山 第十八条)
            .then(() => runWebhooks(jobCtx))
            // 上级平台: reports back (受理/进展/办结) retried until acknowledged (凉山 第五条（三）)
            .then(() => (app.appContext.exchange?.size || app.appContext.peers?.size ? drainExchange({ ...jobCtx, peers: app.appContext.peers, now: Date.now }, app.appContext.exchange ?? new Map()) : null))
            // 省市两级数据通道: this city's indicators to its province, hourly and once a month is over (四川 (sichuan-2021) 二)
            .then(() => (provinceOf(app.appContext.peers) ? runProvincePushes({ ...jobCtx, peers: app.appContext.peers, now: Date.now }) : null))
            .then(() => purgeAuthData(db, Date.now(), config.login))
            .catch((error) => process.stderr.write(`时限监控出错：${(error as Error).message}\n`))
            .finally(() => {
              running = false;
              finished();
            });
        }, 10_000);
      }
      let stopping = false;
      const stop = async () => {
        // SIGINT reaches every worker from the terminal, and SIGTERM from the primary after it
        if (stopping) return;
        stopping = true;
        if (timer) clearInterval(timer);
        if (retrainTimer) clearInterval(retrainTimer);
        // a round of the jobs under way finishes before the database closes under it
        await jobsRunning;
        await app.close();
        await release();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await new Promise(() => {});
    });

  program
    .command('migrate')
    .description('执行数据库迁移（启动时也会自动执行）')
    .action(async () => {
      const config = readConfig();
      const vault = openVault(config);
      const { db, release } = await openDatabase(config);
      const applied = await migrate(db);
      process.stdout.write(applied.length ? `已执行迁移：${applied.join('、')}\n` : '数据库已是最新\n');
      await sealExisting(db, vault, release);
      const fingerprinted = await backfillFingerprints(db);
      if (fingerprinted) process.stdout.write(`已为 ${fingerprinted} 件历史工单建立重复件指纹\n`);
      await release();
    });
}
