import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

/**
 * `open12345 …` run in this process (the same main() bin/open12345.js runs) on the embedded
 * database in `dataDir`: a spawned CLI costs a TypeScript start-up each time.
 */
export async function runCli(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };
  process.env.DATABASE_URL = '';
  process.env.DATA_DIR = dataDir;
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
