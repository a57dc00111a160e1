import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Calendar } from '../core/calendar/calendar.ts';
import type { Policy } from '../core/policy/schema.ts';
import { attachmentRoutes } from './attachments/routes.ts';
import type { Actor } from './auth/actor.ts';
import { chainPending } from './audit/chain.ts';
import type { AuditAlgorithm } from './audit/hashing.ts';
import { installAuditHooks } from './audit/hooks.ts';
import { configureAudit } from './audit/record.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { classifyRoutes } from './classify/routes.ts';
import { createClassifier, type Classifier } from './classify/service.ts';
import { SESSION_COOKIE } from './auth/sessions.ts';
import { accountAdminRoutes } from './auth/admin-routes.ts';
import { sessionGuard } from './auth/guard.ts';
import { installApiKeyGuard } from './integration/api-keys/guard.ts';
import { apiKeyRoutes } from './integration/api-keys/routes.ts';
import { webhookRoutes } from './integration/webhooks/routes.ts';
import { open311Routes } from './integration/open311/routes.ts';
import type { UpperPlatform } from './integration/exchange/adapter.ts';
import { exchangeRoutes } from './integration/exchange/routes.ts';
import type { UpperPlatforms } from './integration/exchange/report.ts';
import { peerRoutes } from './integration/exchange/peer-routes.ts';
import { provinceRoutes } from './integration/exchange/province-routes.ts';
import type { ExchangePeer, ExchangePeers } from './integration/exchange/peers.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './auth/throttle.ts';
import type { Db } from './db/connection.ts';
import { installErrorHandler } from './http/errors.ts';
import { securityHeaders } from './http/security-headers.ts';
import { compression } from './http/compression.ts';
import { echoRequestId, genReqId, loggerOptions, type LogSetting } from './logging/logger.ts';
import { installInputGuard } from './http/input-guard.ts';
import { kbDictionaryRoutes } from './kb/dictionary.ts';
import { kbPublicRoutes } from './kb/public-routes.ts';
import { kbEntryRoutes } from './kb/routes.ts';
import { kbSearchRoutes } from './kb/search-routes.ts';
import { kbReviewRoutes } from './kb/review.ts';
import { kbFeedRoutes } from './kb/feed-routes.ts';
import { ticketRoutes } from './tickets/routes.ts';
import { dossierRoutes } from './tickets/dossier/routes.ts';
import { unitRoutes } from './units/routes.ts';
import { unitAdminRoutes } from './units/admin-routes.ts';
import { liaisonRoutes } from './units/liaison-routes.ts';
import type { Storage } from './attachments/storage.ts';
import type { Dialer } from './telephony/dialer.ts';
import { telephonyRoutes } from './telephony/routes.ts';
import { telephonyEventRoutes } from './telephony/events.ts';
import { callRoutes } from './telephony/calls.ts';
import { extensionRoutes } from './telephony/extensions.ts';
import { callStatsRoutes } from './telephony/stats.ts';
import { staffingRoutes } from './telephony/staffing.ts';
import { hotlineRoutes } from './telephony/hotlines.ts';
import { expertRoutes } from './telephony/experts.ts';
import { transferRoutes } from './telephony/transfer-routes.ts';
import { supervisionLedgerRoutes } from './supervision/ledger.ts';
import { proposalRoutes } from './supervision/proposals.ts';
import { followCalendar, type CalendarFiles } from './admin/calendar-store.ts';
import { officeHoursRoutes } from './admin/office-hours.ts';
import { adminRoutes } from './admin/routes.ts';
import { LiveBus } from './live/bus.ts';
import { liveRoutes } from './live/routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { alertRoutes } from './analytics/alert-routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { bulletinRoutes } from './reports/bulletin-routes.ts';
import { publicRoutes, type PortalLimits } from './public/routes.ts';
import { repeatRoutes } from './repeats/routes.ts';
import { supervisionRoutes } from './supervision/routes.ts';
import { inboxRoutes } from './inbox/routes.ts';
import { submissionRoutes } from './submissions/routes.ts';
import { followUpRoutes } from './coordination/follow-ups.ts';
import { dispatchRoutes } from './dispatch/routes.ts';
import { dutyRoutes } from './duty/routes.ts';
import { routingRuleRoutes } from './dispatch/rules-routes.ts';
import type { CategoryPredictor } from './dispatch/suggestions.ts';
import { serveWeb } from './web/static.ts';
import { smsRoutes } from './sms/inbound.ts';
import type { Vault } from './privacy/vault.ts';
import { deputyRegisterRoutes } from './deputies/register.ts';
import { deputyLedgerRoutes } from './deputies/ledger.ts';
import { misuseRoutes } from './misuse/routes.ts';
import { callerMarkRoutes } from './misuse/caller-marks.ts';
import { UnitPresets } from './policy/for-unit.ts';
import { BandWriter } from './repeats/band-writer.ts';
import { policyRoutes } from './policy/routes.ts';

// Validation messages in Chinese for every schema (zod's own zh-CN locale).
z.config(z.locales.zhCN());

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** The live context (policy, calendar …) shared by routes and jobs. */
    appContext: AppContext;
    /** The request classifier (智能分类): predictions from the active model. */
    classifier: Classifier;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. */
    public?: boolean;
  }
}

export interface AppDeps {
  db: Db;
  /** Calendar overrides and office hours from files (CALENDAR_FILES, OFFICE_HOURS_FILE); admins' settings are laid on top. */
  calendarFiles?: CalendarFiles;
  /** The built web front end (dist/web); served at / when present. */
  webDir?: string;
  /** br/gzip of answers and the build's pre-compressed files; on unless COMPRESSION=off (bench:web's baseline). */
  compression?: boolean;
  /** Pages rendered on the server when the build has its server bundle (src/server/web/ssr.ts); on unless SSR=off. */
  ssr?: boolean;
  /** Web submissions allowed per address and minute on the public portal. */
  portalPerMinute?: number;
  /** Tracking and rating limits on the portal (per address, per ticket number); defaults otherwise. */
  portalLimits?: Omit<PortalLimits, 'submitPerMinute'>;
  policy: Policy;
  calendar: Calendar;
  storage: Storage;
  /** The time, injectable so tests can move the clock. */
  now?: () => number;
  secureCookies?: boolean;
  /** Structured request logs (pino): true for stdout; off unless asked for (tests). */
  logger?: boolean | LogSetting;
  /** Fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-For names the real client. */
  trustProxy?: boolean | number | string | string[];
  /** Reads a request's category; by default the active model trained by `open12345 classify train`. */
  classifier?: CategoryPredictor | null;
  /** Days before a request searched for repeats (REPEAT_WINDOW_DAYS); 30 by default. */
  repeatWindowDays?: number;
  /** The audit log (src/server/audit): on by default; seals read from sealsDir; chained every chainMs. */
  audit?: { enabled?: boolean; algorithm?: AuditAlgorithm; sealsDir?: string; chainMs?: number };
  /** Seals and opens callers' names and phones (src/server/privacy). */
  vault: Vault;
  /** Sign-in throttling; DEFAULT_LOGIN_LIMITS when absent. */
  login?: LoginLimits;
  /**
   * The embedded demo (DEMO): its seeded accounts may keep the demo password. False by default, so
   * that anywhere else an account on a system-given password must change it first.
   */
  demoMode?: boolean;
  /** The telephone system's click-to-call hook (src/server/telephony/dialer.ts); none by default. */
  dialer?: Dialer;
  /** The SMS gateway's shared secret (SMS_INBOUND_SECRET): it signs the replies it posts to /api/sms/inbound. */
  smsInboundSecret?: string;
  /** The telephone platform's shared secret (TELEPHONY_EVENTS_SECRET): it signs the call events it posts to /api/telephony/events. */
  telephonyEventsSecret?: string;
  /** Days an approved 恶意/骚扰来电 mark stays in force (MISUSE_MARK_DAYS); 180 when absent. */
  misuseMarkDays?: number;
  /** The upper platforms orders come from and reports go to (EXCHANGE_PLATFORMS; src/server/integration/exchange). */
  exchangePlatforms?: UpperPlatform[];
  /** Other open12345 instances tickets are transferred to (EXCHANGE_PEERS; integration/exchange/peers.ts). */
  exchangePeers?: ExchangePeer[];
}

export interface AppContext {
  db: Db;
  /** The deployment's default preset: the center's own clocks, and every unit whose subtree names none. */
  policy: Policy;
  /** The presets subtrees name (units.preset): a share's clocks follow its unit's (policy/for-unit.ts). */
  presets: UnitPresets;
  calendar: Calendar;
  storage: Storage;
  now: () => number;
  classifier?: CategoryPredictor | null;
  /** Days before a request searched for repeats; DEFAULT_WINDOW_DAYS (30) when absent. */
  repeatWindowDays?: number;
  vault: Vault;
  /** Places calls to callers; noDialer (records only) when absent. */
  dialer?: Dialer;
  /** Days an approved 恶意/骚扰来电 mark stays in force; DEFAULT_MISUSE_MARK_DAYS (180) when absent. */
  misuseMarkDays?: number;
  /** The upper platforms, by id: an action on their orders' tickets queues the reports back. */
  exchange?: UpperPlatforms;
  /** Other open12345 instances, by id: 转办至其他平台 and their reports back. */
  peers?: ExchangePeers;
  /** Writes registered tickets' band rows shortly after (repeats/band-writer.ts); without one they wait for the next start. */
  bands?: BandWriter;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    genReqId,
    // a hop count trusts that many proxies nearest to us (Fastify's types take it as a function)
    trustProxy: typeof deps.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (deps.trustProxy as number)) : (deps.trustProxy ?? false),
    bodyLimit: 256 * 1024,
    // Unknown fields are refused by the schemas (strict), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  configureAudit({ enabled: deps.audit?.enabled ?? true, algorithm: deps.audit?.algorithm ?? 'sha256' });
  const bus = new LiveBus();
  await bus.start(deps.db);
  app.addHook('onClose', () => bus.close());
  const classifier = createClassifier(deps.db);
  const presets = new UnitPresets(deps.policy);
  const stopPresets = await presets.start(deps.db);
  app.addHook('onClose', () => stopPresets());
  const bands = new BandWriter(deps.db, (error) => app.log.error({ err: error }, '重复件索引写入失败，稍后重试'));
  const ctx: AppContext = {
    db: deps.db,
    policy: deps.policy,
    presets,
    calendar: deps.calendar,
    storage: deps.storage,
    now: deps.now ?? Date.now,
    // Tests may stand in a classifier of their own; the server reads the active trained model.
    classifier: deps.classifier ?? classifier,
    ...(deps.repeatWindowDays ? { repeatWindowDays: deps.repeatWindowDays } : {}),
    vault: deps.vault,
    ...(deps.dialer ? { dialer: deps.dialer } : {}),
    ...(deps.misuseMarkDays ? { misuseMarkDays: deps.misuseMarkDays } : {}),
    exchange: new Map((deps.exchangePlatforms ?? []).map((p) => [p.id, p])),
    peers: new Map((deps.exchangePeers ?? []).map((p) => [p.id, p])),
    bands,
  };
  app.decorate('appContext', ctx);
  // what an earlier run left queued (a stop between a registration and its band rows)
  bands.soon();
  app.addHook('onClose', () => bands.close());
  const stopCalendar = await followCalendar(deps.db, deps.calendarFiles ?? { overrides: [] }, ctx, (error) => app.log.error({ err: error }, '日历重新载入失败'));
  app.addHook('onClose', () => stopCalendar());
  app.decorate('classifier', classifier);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  echoRequestId(app);
  securityHeaders(app, { https: deps.secureCookies ?? false });
  await compression(app, deps.compression ?? true);
  installAuditHooks(app, ctx);
  // Records committed by any instance are linked into the chain shortly after (src/server/audit/chain.ts).
  const chainMs = deps.audit?.chainMs ?? 1000;
  if (chainMs > 0 && (deps.audit?.enabled ?? true)) {
    let chaining: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      chaining = chainPending(ctx.db).catch(() => {});
    }, chainMs);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await chaining;
    });
  }
  installInputGuard(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'open12345 API', version: '0.1.0', description: '12345 政务服务便民热线平台接口。会话通过登录返回的 Cookie 认证。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  const auth = { limits: deps.login ?? DEFAULT_LOGIN_LIMITS, demoMode: deps.demoMode ?? false, secureCookies: deps.secureCookies ?? false };
  installApiKeyGuard(app, { db: ctx.db, now: () => ctx.now(), limits: auth.limits });
  app.addHook('preHandler', sessionGuard(ctx.db, () => ctx.now(), auth));

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => {
    await ctx.db.query('SELECT 1');
    return { ok: true, database: ctx.db.kind, policy: ctx.policy.id };
  });
  if (!deps.webDir) app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs'));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  policyRoutes(app, ctx);

  authRoutes(app, ctx, auth);
  accountAdminRoutes(app, ctx);
  apiKeyRoutes(app, ctx);
  webhookRoutes(app, ctx);
  unitRoutes(app, ctx);
  unitAdminRoutes(app, ctx);
  liaisonRoutes(app, ctx);
  dutyRoutes(app, ctx);
  ticketRoutes(app, ctx, bus);
  dossierRoutes(app, ctx);
  attachmentRoutes(app, ctx);
  telephonyRoutes(app, ctx);
  await smsRoutes(app, ctx, deps.smsInboundSecret);
  await telephonyEventRoutes(app, ctx, deps.telephonyEventsSecret);
  callRoutes(app, ctx);
  extensionRoutes(app, ctx);
  callStatsRoutes(app, ctx);
  staffingRoutes(app, ctx);
  hotlineRoutes(app, ctx);
  expertRoutes(app, ctx);
  transferRoutes(app, ctx);
  adminRoutes(app, ctx, deps.calendarFiles ?? { overrides: [] });
  officeHoursRoutes(app, ctx, deps.calendarFiles ?? { overrides: [] });
  supervisionRoutes(app, ctx);
  supervisionLedgerRoutes(app, ctx);
  proposalRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  alertRoutes(app, ctx);
  reportRoutes(app, ctx);
  bulletinRoutes(app, ctx);
  inboxRoutes(app, ctx, bus);
  submissionRoutes(app, ctx);
  followUpRoutes(app, ctx);
  dispatchRoutes(app, ctx);
  routingRuleRoutes(app, ctx);
  repeatRoutes(app, ctx);
  deputyRegisterRoutes(app, ctx);
  deputyLedgerRoutes(app, ctx);
  misuseRoutes(app, ctx);
  callerMarkRoutes(app, ctx);
  auditRoutes(app, ctx, { sealsDir: deps.audit?.sealsDir });
  liveRoutes(app, bus, { db: ctx.db, now: ctx.now, demoMode: auth.demoMode });
  await publicRoutes(app, ctx, { ...deps.portalLimits, submitPerMinute: deps.portalPerMinute ?? 5 });
  await open311Routes(app, ctx, { limits: auth.limits });
  exchangeRoutes(app, ctx, ctx.exchange!, ctx.peers!);
  peerRoutes(app, ctx, ctx.peers!);
  provinceRoutes(app, ctx, ctx.peers!);
  kbEntryRoutes(app, ctx);
  kbSearchRoutes(app, ctx);
  kbReviewRoutes(app, ctx);
  kbFeedRoutes(app, ctx);
  kbDictionaryRoutes(app, ctx);
  kbPublicRoutes(app, ctx);
  classifyRoutes(app, app.classifier);
  if (deps.webDir) await serveWeb(app, deps.webDir, { precompressed: deps.compression ?? true, ssr: deps.ssr ?? true });
  return app;
}
