/**
 * bench:intake's ceilings (intake.bench.ts): the rows a registration writes, with no HTTP, each kept
 * open between the turns it is measured in.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Role } from '../src/core/vocabulary.ts';
import type { Actor } from '../src/server/auth/actor.ts';
import { postgresDb } from '../src/server/db/connection.ts';
import { newKeyFile, ringFromFile } from '../src/server/privacy/keys.ts';
import { Vault } from '../src/server/privacy/vault.ts';
import { insertTicket } from '../src/server/tickets/create.ts';
import { ensureSequence } from '../src/server/tickets/numbering.ts';
import { createTicketSchema } from '../src/server/tickets/schemas.ts';
import { BandWriter } from '../src/server/repeats/band-writer.ts';
import { CONCURRENCY, load, ticketBody, type Run } from './intake-runs.ts';

/** The connections `serve` keeps to PostgreSQL. */
const SERVER_POOL = 16;

/** A measurement taken in turns, its pool or engine kept open between them. */
export interface Turns {
  run(seconds: number): Promise<Run>;
  close(): Promise<void>;
}

/** The ceiling: the rows a registration writes (a ticket and its event), in one transaction each, no HTTP. */
const CEILING_SQL = {
  ticket: `INSERT INTO tickets (number, status, channel, type, urgency, content, address, caller_name, caller_phone, query_code, created_at, updated_at)
           VALUES ($1, 'registered', 'phone', 'help', 'normal', $2, $3, $4, $5, '000000', now(), now()) RETURNING id`,
  event: `INSERT INTO events (ticket_id, action, actor_name, data) VALUES ($1, 'register', 'bench', '{}')`,
};

/** Each turn of a ceiling numbers its tickets apart from the turns before. */
let ceilingTurn = 0;

export async function ceilingPostgres(url: string): Promise<Turns> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  return {
    run: (seconds) => {
      const turn = (ceilingTurn += 1);
      return load(async (w, i) => {
        const b = ticketBody(w * 100_000 + i);
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const id = (await c.query(CEILING_SQL.ticket, [`C${turn}-${w}-${i}`, b.content, b.address, b.caller.name, b.caller.phone])).rows[0].id;
          await c.query(CEILING_SQL.event, [id]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }, seconds);
    },
    close: () => pool.end(),
  };
}

/**
 * The ceiling of every row a registration writes (ticket, event, audit record, SMS, fingerprint and its
 * band rows, and what their triggers add): the server's own statement (tickets/create.ts insertTicket)
 * and band writer, through the same pool settings, with no HTTP, session, classifier or deputy lookup.
 * The ticket-and-event ceiling above is what issue 16 measured against; registration has written more
 * rows since.
 */
export async function ceilingEveryRow(url: string): Promise<Turns> {
  // through as many connections as the server keeps (cli/commands/serve.ts), the 32 workers waiting for one as its requests do
  const db = postgresDb(url, { max: SERVER_POOL });
  const vault = new Vault(ringFromFile(newKeyFile('aes-256-gcm'), 'bench'), true);
  const { rows } = await db.query<{ id: string; username: string; display_name: string; roles: Role[]; unit_id: string; unit_name: string; unit_path: string; unit_kind: string }>(
    `SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, un.name AS unit_name, un.path AS unit_path, un.kind AS unit_kind
       FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = 'agent'`,
  );
  const u = rows[0]!;
  const actor: Actor = { id: u.id, username: u.username, displayName: u.display_name, roles: u.roles, unit: { id: u.unit_id, name: u.unit_name, path: u.unit_path, kind: u.unit_kind }, isCenter: true, mustChangePassword: false, totpEnabled: false };
  const now = Date.now();
  const sequence = await ensureSequence(db, now);
  // the queued band rows written as the server writes them (repeats/band-writer.ts), in the same process
  const bands = new BandWriter(db);
  return {
    run: (seconds) =>
      load(async (w, i) => {
        const input = createTicketSchema.parse(ticketBody(w * 100_000 + i));
        await insertTicket(db, vault, sequence, input, actor, now, undefined, null, null);
        bands.soon();
      }, seconds),
    close: async () => {
      await bands.close();
      await db.close();
    },
  };
}

export async function ceilingPglite(dataDir: string): Promise<Turns> {
  const db = await PGlite.create({ dataDir });
  return {
    run: (seconds) => {
      const turn = (ceilingTurn += 1);
      return load(async (w, i) => {
        const b = ticketBody(w * 100_000 + i);
        await db.transaction(async (tx) => {
          const id = (await tx.query<{ id: string }>(CEILING_SQL.ticket, [`C${turn}-${w}-${i}`, b.content, b.address, b.caller.name, b.caller.phone])).rows[0]!.id;
          await tx.query(CEILING_SQL.event, [id]);
        });
      }, seconds);
    },
    close: () => db.close(),
  };
}
