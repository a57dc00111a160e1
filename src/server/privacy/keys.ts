import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ALGORITHMS, KEY_ID, type Algorithm, type DataKey, type IndexHash } from './cipher.ts';

/**
 * The keys that seal personal data: data keys by id (the active one seals, every one opens) and the
 * blind-index key. Read from a key file (KEY_FILE, or keys.json in DATA_DIR) or from the environment
 * (DATA_KEYS). No function here ever prints a key.
 */
export interface KeyRing {
  active: DataKey;
  keys: ReadonlyMap<string, DataKey>;
  index: { hash: IndexHash; key: Buffer };
  /** Where the ring came from, for `keys status` and messages (a path or "environment"). */
  source: string;
}

/** The key file: JSON, mode 0600. */
export interface KeyFile {
  active: string;
  keys: Array<{ id: string; algorithm: Algorithm; key: string; created: string }>;
  index: { hash: IndexHash; key: string };
}

export class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

function key32(text: string, what: string): Buffer {
  const b = Buffer.from(text, 'base64');
  if (b.length !== 32) throw new KeyConfigError(`${what} 应为 32 字节的 base64 密钥`);
  return b;
}

export function ringFromFile(file: KeyFile, source: string): KeyRing {
  const keys = new Map<string, DataKey>();
  for (const k of file.keys ?? []) {
    if (!KEY_ID.test(k.id)) throw new KeyConfigError(`密钥编号 ${k.id} 不合规（字母、数字、_ 或 -）`);
    if (!ALGORITHMS.includes(k.algorithm)) throw new KeyConfigError(`密钥 ${k.id} 的算法 ${k.algorithm} 不受支持（aes-256-gcm 或 sm4）`);
    keys.set(k.id, { id: k.id, algorithm: k.algorithm, key: key32(k.key, `密钥 ${k.id}`) });
  }
  const active = keys.get(file.active);
  if (!active) throw new KeyConfigError(`${source}：当前密钥 ${file.active} 不在密钥列表中`);
  if (!file.index || !['sha256', 'sm3'].includes(file.index.hash)) throw new KeyConfigError(`${source}：缺少索引密钥（index.hash 为 sha256 或 sm3）`);
  return { active, keys, index: { hash: file.index.hash, key: key32(file.index.key, '索引密钥') }, source };
}

export function readKeyFile(path: string): KeyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KeyConfigError(`无法读取密钥文件 ${path}`);
  }
  try {
    return JSON.parse(text) as KeyFile;
  } catch {
    throw new KeyConfigError(`密钥文件 ${path} 不是合法的 JSON`);
  }
}

/** Writes the file whole (a temporary file renamed over it), readable by its owner only. */
export function writeKeyFile(path: string, file: KeyFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function newKeyFile(algorithm: Algorithm, now = new Date()): KeyFile {
  return {
    active: 'k1',
    keys: [{ id: 'k1', algorithm, key: randomBytes(32).toString('base64'), created: now.toISOString() }],
    index: { hash: algorithm === 'sm4' ? 'sm3' : 'sha256', key: randomBytes(32).toString('base64') },
  };
}

/** Adds a fresh key of the active key's algorithm (or the one asked) and makes it the active one. */
export function addKey(file: KeyFile, algorithm?: Algorithm, now = new Date()): { file: KeyFile; id: string } {
  const taken = new Set(file.keys.map((k) => k.id));
  let n = file.keys.length + 1;
  while (taken.has(`k${n}`)) n += 1;
  const id = `k${n}`;
  const alg = algorithm ?? file.keys.find((k) => k.id === file.active)?.algorithm ?? 'aes-256-gcm';
  return { id, file: { ...file, active: id, keys: [...file.keys, { id, algorithm: alg, key: randomBytes(32).toString('base64'), created: now.toISOString() }] } };
}

/**
 * DATA_KEYS="k2:<base64>,k1:<base64>" (the first is active), DATA_INDEX_KEY=<base64>,
 * DATA_CIPHER=aes-256-gcm|sm4 for those keys; DATA_INDEX_HASH=sha256|sm3 (sm3 with sm4 by default).
 */
export function ringFromEnv(env: NodeJS.ProcessEnv): KeyRing | null {
  if (!env.DATA_KEYS) return null;
  const algorithm = (env.DATA_CIPHER || 'aes-256-gcm') as Algorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new KeyConfigError(`DATA_CIPHER 应为 aes-256-gcm 或 sm4：${algorithm}`);
  if (!env.DATA_INDEX_KEY) throw new KeyConfigError('设置了 DATA_KEYS 时还须设置 DATA_INDEX_KEY（盲索引密钥）');
  const keys = env.DATA_KEYS.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const at = s.indexOf(':');
    if (at < 1) throw new KeyConfigError('DATA_KEYS 的格式为 编号:base64密钥,编号:base64密钥（第一个为当前密钥）');
    return { id: s.slice(0, at), algorithm, key: s.slice(at + 1), created: '' };
  });
  const hash = (env.DATA_INDEX_HASH || (algorithm === 'sm4' ? 'sm3' : 'sha256')) as IndexHash;
  return ringFromFile({ active: keys[0]!.id, keys, index: { hash, key: env.DATA_INDEX_KEY } }, '环境变量 DATA_KEYS');
}

export interface KeySettings {
  /** KEY_FILE, or keys.json in DATA_DIR. */
  keyFile: string;
  /** KEY_FILE was set: the file must exist. */
  keyFileExplicit: boolean;
  /** Create keyFile when missing (the embedded demo; never in production). */
  generate: boolean;
  /** The algorithm of a generated key file (DATA_CIPHER). */
  algorithm: Algorithm;
}

/**
 * The ring the configuration names: DATA_KEYS, else the key file. A missing file is generated only
 * when allowed (the embedded demo, so `npm start` keeps working); it says so once.
 */
export function loadKeyRing(settings: KeySettings, env: NodeJS.ProcessEnv, say: (line: string) => void = () => {}): KeyRing {
  const fromEnv = ringFromEnv(env);
  if (fromEnv) return fromEnv;
  if (!existsSync(settings.keyFile)) {
    if (settings.keyFileExplicit || !settings.generate) {
      throw new KeyConfigError(
        `没有个人信息加密密钥：${settings.keyFile} 不存在。请用 open12345 keys init 生成密钥文件（KEY_FILE），或设置 DATA_KEYS 与 DATA_INDEX_KEY`,
      );
    }
    writeKeyFile(settings.keyFile, newKeyFile(settings.algorithm));
    say(`已生成个人信息加密密钥文件 ${settings.keyFile}（权限 0600）：请妥善备份，丢失后已加密的来电人信息无法恢复\n`);
  }
  return ringFromFile(readKeyFile(settings.keyFile), settings.keyFile);
}
