import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { CliError } from './files.ts';

const STALE_MS = 15_000;
// In the data folder, not in the lock folder: proper-lockfile watches the lock folder's mtime, and a
// file written into it would look like another process taking the lock over.
const OWNER_FILE = '.lock-owner.json';

interface Owner {
  pid: number;
  host: string;
  /** The owner's command line as /proc shows it, to tell our process from another that got its pid. */
  cmdline: string | null;
}

function lockDir(dataDir: string): string {
  return `${dataDir}.lock`;
}

function cmdlineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

function readOwner(dataDir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

/**
 * Whether the process named in a lock is certainly gone. Only a lock written on this machine can
 * be judged; a pid that is alive but runs something else (the pid was reused after a crash, or a
 * container restarted and we got the same pid) counts as gone too.
 */
export function ownerIsDead(owner: Owner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return true; // we do not hold it yet, so it is a former life of ours
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = cmdlineOf(owner.pid);
  // without /proc (not Linux) a live pid is taken to be the owner: wait for the lock to go stale
  if (now === null || owner.cmdline === null) return false;
  return now !== owner.cmdline && !now.includes('open12345');
}

/**
 * Holds the embedded database's folder for this process. proper-lockfile keeps a `<dir>.lock`
 * folder fresh while we live; a crashed owner's lock would only go stale after 15 s, so we also
 * write who holds it and remove it at once when that process is certainly dead.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const dir = lockDir(dataDir);
  if (existsSync(dir)) {
    const owner = readOwner(dataDir);
    // read again just before removing: another starter may have replaced the dead owner's lock meanwhile
    if (owner && ownerIsDead(owner) && JSON.stringify(readOwner(dataDir)) === JSON.stringify(owner)) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(dataDir, { stale: STALE_MS, update: 5_000, realpath: false, lockfilePath: dir });
  } catch {
    throw new CliError(`数据目录 ${dataDir} 正被另一个 open12345 进程使用（嵌入式数据库只允许一个进程打开）`);
  }
  const owner: Owner = { pid: process.pid, host: hostname(), cmdline: cmdlineOf(process.pid) };
  writeFileSync(join(dataDir, OWNER_FILE), JSON.stringify(owner));
  return async () => {
    // the owner file goes first: a lock without one is never taken for a dead owner's
    rmSync(join(dataDir, OWNER_FILE), { force: true });
    await unlock();
  };
}
