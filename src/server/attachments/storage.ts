import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where attachment bytes live: local disk by default (an S3-compatible store can implement this). */
export interface Storage {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
}

export function diskStorage(dir: string): Storage {
  return {
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, key), bytes, { flag: 'wx' });
    },
    get: (key) => readFile(join(dir, key)),
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
  };
}
