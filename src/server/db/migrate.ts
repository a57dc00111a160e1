import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './connection.ts';

const DIR = join(import.meta.dirname, 'migrations');

/**
 * Applies the versioned SQL files in migrations/ that this database has not seen, in order, each in
 * its own transaction. An advisory lock keeps two server instances from migrating at once.
 */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = readdirSync(DIR).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(12345)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (seen.rows.length) return false;
      for (const statement of splitSql(readFileSync(join(DIR, file), 'utf8'))) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      return true;
    });
    if (done) applied.push(version);
  }
  return applied;
}

/** Splits a migration into statements on `;`, except inside $$ … $$ (function bodies). */
function splitSql(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  const parts = sql.replace(/--.*$/gm, '').split('$$');
  parts.forEach((part, i) => {
    // odd parts are inside a $$ body: kept whole
    if (i % 2 === 1) {
      current += `$$${part}$$`;
      return;
    }
    const pieces = part.split(';');
    current += pieces[0];
    for (const piece of pieces.slice(1)) {
      statements.push(current);
      current = piece;
    }
  });
  statements.push(current);
  return statements.map((s) => s.trim()).filter(Boolean);
}
