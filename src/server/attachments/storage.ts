import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where attachment bytes live: local disk by default (an S3-compatible store can implement this). */
export interface Storage {
  /** Stores the bytes under key whole or not at all: a failed put leaves nothing behind. */
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Removes a stored file; a missing one is not an error. */
  remove(key: string): Promise<void>;
}

export function diskStorage(dir: string): Storage {
  return {
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      // Written aside and renamed into place, so a half-written file never has the key's name.
      const part = join(dir, `.${key}.${randomUUID()}.part`);
      try {
        await writeFile(part, bytes, { flag: 'wx' });
        await rename(part, join(dir, key));
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
    },
    get: (key) => readFile(join(dir, key)),
    remove: (key) => rm(join(dir, key), { force: true }),
  };
}

export function memoryStorage(): Storage {
  const files = new Map<string, Buffer>();
  return {
    async put(key, bytes) {
      files.set(key, bytes);
    },
    async get(key) {
      const f = files.get(key);
      if (!f) throw new Error('not found');
      return f;
    },
    async remove(key) {
      files.delete(key);
    },
  };
}
