import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Sealing one personal-data field (a caller's name or phone) at the application layer, so that the
 * database, its backups and anyone with SQL access see only ciphertext (SC 五（四）: 加密、完整性保护;
 * GB/T 22239-2019 level 3 asks for confidentiality of personal data in storage).
 *
 * A sealed value is text: `v1:<keyId>:<base64>`. The key id says which key opens it, so keys can rotate
 * while old rows stay readable; the key says the algorithm:
 * - aes-256-gcm (default): payload iv(12) | tag(16) | ciphertext.
 * - sm4 (商用密码 deployments): SM4 has no GCM in Node's OpenSSL, so sm4-ctr with an HMAC-SM3 over the
 *   header, iv and ciphertext (encrypt-then-MAC); the 32-byte key is split in an SM4 key and a MAC key.
 *   Payload iv(16) | mac(32) | ciphertext.
 * The header `v1:<keyId>` is authenticated too (GCM's AAD, the MAC's input): a value cannot be
 * relabelled to another key.
 */
export type Algorithm = 'aes-256-gcm' | 'sm4';
export const ALGORITHMS: readonly Algorithm[] = ['aes-256-gcm', 'sm4'];

export interface DataKey {
  id: string;
  algorithm: Algorithm;
  /** 32 bytes. */
  key: Buffer;
}

/** A value that cannot be opened: wrong or missing key, or altered ciphertext. Never garbage instead. */
export class CipherError extends Error {
  override name = 'CipherError';
}

const SEALED = /^v1:([A-Za-z0-9_-]{1,40}):([A-Za-z0-9+/]+={0,2})$/;
export const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

export function isSealed(text: string): boolean {
  return SEALED.test(text);
}

/** The id of the key a sealed value needs, or null for plaintext. */
export function sealedKeyId(text: string): string | null {
  return SEALED.exec(text)?.[1] ?? null;
}

export function seal(k: DataKey, plaintext: string): string {
  const header = `v1:${k.id}`;
  const data = Buffer.from(plaintext, 'utf8');
  if (k.algorithm === 'aes-256-gcm') {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k.key, iv);
    c.setAAD(Buffer.from(header));
    const ct = Buffer.concat([c.update(data), c.final()]);
    return `${header}:${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
  }
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', k.key.subarray(0, 16), iv);
  const ct = Buffer.concat([c.update(data), c.final()]);
  const mac = sm4Mac(k, header, iv, ct);
  return `${header}:${Buffer.concat([iv, mac, ct]).toString('base64')}`;
}

/** Opens a sealed value with the key its header names; throws CipherError when it cannot. */
export function open(keys: ReadonlyMap<string, DataKey>, sealed: string): string {
  const m = SEALED.exec(sealed);
  if (!m) throw new CipherError('不是加密数据');
  const k = keys.get(m[1]!);
  if (!k) throw new CipherError(`缺少密钥 ${m[1]}：个人信息无法解密（请检查 KEY_FILE 或 DATA_KEYS 是否为本库的密钥）`);
  const header = `v1:${k.id}`;
  const raw = Buffer.from(m[2]!, 'base64');
  try {
    if (k.algorithm === 'aes-256-gcm') {
      if (raw.length < 28) throw new Error('short');
      const d = createDecipheriv('aes-256-gcm', k.key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(header));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    }
    if (raw.length < 48) throw new Error('short');
    const iv = raw.subarray(0, 16);
    const ct = raw.subarray(48);
    if (!timingSafeEqual(raw.subarray(16, 48), sm4Mac(k, header, iv, ct))) throw new Error('mac');
    const d = createDecipheriv('sm4-ctr', k.key.subarray(0, 16), iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  } catch {
    throw new CipherError(`密钥 ${k.id} 无法解密该数据：密钥不对或数据被篡改`);
  }
}

function sm4Mac(k: DataKey, header: string, iv: Buffer, ct: Buffer): Buffer {
  return createHmac('sm3', k.key.subarray(16, 32)).update(header).update(iv).update(ct).digest();
}

export type IndexHash = 'sha256' | 'sm3';

/**
 * The blind index of a normalised phone: a keyed HMAC (its own key, never the encryption key), equal
 * for equal phones, so "same caller" is an equality on the index without the phone being stored.
 */
export function blindIndex(hash: IndexHash, key: Buffer, normalized: string): string {
  return `h1:${createHmac(hash, key).update(normalized).digest('base64url')}`;
}
