/**
 * bench:intake's ceiling for a ticket's life (intake.bench.ts): the six steps run through the engine
 * in this process — createTicket, then runAction for dispatch, sign, reply, approval and visit — each
 * with the answer the route makes of it (registeredDetail, ticketDetail: the same statements, access
 * records and presentation), with no HTTP, session, serialization or compression. Its CPU (this
 * process, PostgreSQL, and the idle server chaining the audit records it writes) is the least a life
 * over HTTP can cost without doing less work.
 */
import type { Actor } from '../src/server/auth/actor.ts';
import { ACTOR_COLUMNS, actorFromRow, type ActorRow } from '../src/server/auth/sessions.ts';
import type { AppContext } from '../src/server/app.ts';
import { memoryStorage } from '../src/server/attachments/storage.ts';
import { configureAudit } from '../src/server/audit/record.ts';
import { serverCalendar } from '../src/server/admin/calendar-store.ts';
import { createClassifier } from '../src/server/classify/service.ts';
import { configFromEnv } from '../src/server/config.ts';
import { postgresDb } from '../src/server/db/connection.ts';
import { UnitPresets } from '../src/server/policy/for-unit.ts';
import { BandWriter } from '../src/server/repeats/band-writer.ts';
import { ACTIONS } from '../src/server/tickets/actions/index.ts';
import { runAction } from '../src/server/tickets/actions/registry.ts';
import { createTicket } from '../src/server/tickets/create.ts';
import { registeredDetail, ticketDetail } from '../src/server/tickets/queries.ts';
import { createTicketSchema } from '../src/server/tickets/schemas.ts';
import { loadServerPolicy, openVault } from '../src/cli/commands/serve.ts';
import { readCalendarFiles } from '../src/cli/files.ts';
import { load, ticketBody } from './intake-runs.ts';
import type { Turns } from './intake-ceilings.ts';

/** The steps after registration, with the bodies bench:intake's lives send. */
const STEPS = [
  ['dispatcher', 'dispatch'],
  ['handler1', 'sign'],
  ['handler1', 'reply'],
  ['dispatcher', 'approve-completion'],
  ['visitor', 'visit'],
] as const;

/**
 * `env`: the server's own environment (DATABASE_URL, KEY_FILE …), so that the engine runs with its
 * policy, calendar, keys and pool size.
 */
export async function ceilingLife(env: Record<string, string>): Promise<Turns> {
  const config = configFromEnv({ ...process.env, ...env });
  configureAudit({ enabled: config.audit.enabled, algorithm: config.audit.algorithm });
  const db = postgresDb(config.databaseUrl!, { max: 16, prepared: config.preparedStatements });
  const policy = loadServerPolicy(config);
  const bands = new BandWriter(db);
  const ctx: AppContext = {
    db,
    policy,
    presets: new UnitPresets(policy),
    calendar: await serverCalendar(db, readCalendarFiles(config)),
    storage: memoryStorage(),
    now: Date.now,
    classifier: createClassifier(db),
    vault: openVault(config),
    bands,
  };
  const { rows } = await db.query<ActorRow>(
    `SELECT ${ACTOR_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = ANY($1::text[])`,
    [['agent', 'dispatcher', 'handler1', 'visitor']],
  );
  const actors = new Map<string, Actor>(rows.map((r) => [r.username, actorFromRow(r, false)]));
  const street = (await db.query<{ id: string }>(`SELECT id FROM units WHERE name = '解放碑街道办事处'`)).rows[0]!.id;
  const bodies: Record<(typeof STEPS)[number][1], Record<string, unknown>> = {
    dispatch: { units: [{ unitId: street, role: 'lead' }] },
    sign: {},
    reply: { process: '现场维修', result: '已修复', contacted: true },
    'approve-completion': {},
    visit: { satisfaction: 'satisfied', resolution: 'resolved' },
  };
  // validated and defaulted as the route does it (tickets/routes.ts)
  const steps = STEPS.map(([username, action]) => {
    const def = ACTIONS.find((d) => d.action === action)!;
    return { actor: actors.get(username)!, def, body: def.schema.parse(bodies[action]) as Record<string, unknown> };
  });
  let turn = 0;
  return {
    run: (seconds) => {
      turn += 1;
      return load(async (w, i) => {
        const input = createTicketSchema.parse(ticketBody(turn * 10_000_000 + w * 100_000 + i));
        const agent = actors.get('agent')!;
        const created = await createTicket(ctx, agent, input);
        if (!created.replayed) await registeredDetail(ctx, agent, created);
        // each answer as the action route makes it (tickets/routes.ts)
        for (const s of steps) {
          const done = await runAction(ctx, s.def, s.actor, created.id, s.body);
          await ticketDetail(ctx, s.actor, created.id, ctx.db, { auditRead: false, assignments: done.assignments, row: done.detail });
        }
      }, seconds);
    },
    close: async () => {
      await bands.close();
      await db.close();
    },
  };
}
