import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pgliteCluster } from '../src/server/db/pglite.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding an empty PGlite cluster, dumped (test/helpers.ts testDb); none on PostgreSQL or in the browser tests. */
    pgliteCluster?: string;
  }
}

/**
 * vitest's global setup: the engine's initdb run once for the whole run, not once a test file. Each
 * file's in-memory database starts from this dump, which is what initdb would have made it. In one
 * process, with the test suites running beside it, a start took 6.8 s through initdb and 1.9 s from
 * the dump. On PostgreSQL (TEST_DATABASE_URL) the files' databases are schemas there: nothing to dump.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'o12345-pglite-'));
  const file = join(dir, 'cluster.tar');
  writeFileSync(file, Buffer.from(await (await pgliteCluster()).arrayBuffer()));
  project.provide('pgliteCluster', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
