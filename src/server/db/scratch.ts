import { randomBytes } from 'node:crypto';
import { pgliteDb, postgresDb, type Db } from './connection.ts';

/**
 * A database that lives for one run (a test file, an evaluation): a schema of its own on the
 * PostgreSQL server at `url`, dropped afterwards, or in-memory PGlite when no url is given.
 */
export async function scratchDatabase(url: string | undefined, prefix: string, max = 4): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (!url) {
    const db = await pgliteDb();
    return { db, drop: () => db.close() };
  }
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgresDb(url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = postgresDb(url, { searchPath: `${schema},public`, max });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
