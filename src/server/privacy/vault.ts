import { normalizePhone } from '../../core/repeats/index.ts';
import { AppError } from '../http/errors.ts';
import { blindIndex, CipherError, isSealed, open, seal, sealedKeyId } from './cipher.ts';
import type { KeyRing } from './keys.ts';

/**
 * How many callers' fields a vault keeps opened (openField), and the longest it keeps: a name or a
 * phone, a few hundred bytes with the map's own. A list of 50 tickets opens up to 100 of them
 * (list.ts listCaller), about 7 µs each, and the same tickets are read over and over in a shift.
 */
const FIELDS_KEPT = 20_000;
const FIELD_KEPT_LENGTH = 64;

/**
 * What the rest of the server uses to store a caller's name and phone: seal before writing, open
 * after reading, and the blind index to find the same phone by equality (caller history, repeats).
 *
 * With encryption off (ENCRYPTION=off: benchmarks, or a deployment that encrypts its disks instead)
 * values are stored as given and the index is the normalised phone itself; the next start with
 * encryption on seals those rows (src/server/privacy/backfill.ts). Opening handles both at all times.
 */
export class Vault {
  #ring: KeyRing | null;
  #reloadedAt = 0;
  /**
   * Callers' fields opened lately, by their sealed text, most recently used last. A sealed text
   * carries its authentication tag, so an altered value is never found here: it is opened, and
   * refused, as before.
   */
  readonly #fields = new Map<string, string>();

  /**
   * `reload` reads the keys again: a value sealed under a key this process does not know yet is what
   * another process's `open12345 keys rotate` writes, so the key file is read again (at most every 5 s)
   * and its newest key becomes the one that seals here too.
   */
  constructor(
    ring: KeyRing | null,
    readonly enabled: boolean,
    private readonly reload?: () => KeyRing,
  ) {
    if (enabled && !ring) throw new Error('encryption on needs a key ring');
    this.#ring = ring;
  }

  get ring(): KeyRing | null {
    return this.#ring;
  }

  seal(text: string | null | undefined): string | null {
    if (text === null || text === undefined || text === '') return text ?? null;
    return this.enabled ? seal(this.ring!.active, text) : text;
  }

  open(text: string | null | undefined): string | null {
    if (text === null || text === undefined || !isSealed(text)) return text ?? null;
    if (!this.ring) throw keyError('个人信息已加密，但未配置密钥（KEY_FILE 或 DATA_KEYS）');
    const id = sealedKeyId(text)!;
    if (!this.ring.keys.has(id) && this.reload && Date.now() - this.#reloadedAt > 5000) {
      this.#reloadedAt = Date.now();
      try {
        this.#ring = this.reload();
      } catch {
        /* the key file is being rewritten or broken: the error below names the missing key */
      }
    }
    try {
      return open(this.ring.keys, text);
    } catch (error) {
      if (error instanceof CipherError) throw keyError(error.message);
      throw error;
    }
  }

  /**
   * A caller's (or a deputy's) name or phone, opened as `open` does and kept for the next read of the
   * same value. Only these: the other sealed values (webhook bodies and secrets, archived dossiers)
   * are opened each time and never kept.
   */
  openField(text: string | null | undefined): string | null {
    if (text === null || text === undefined) return null;
    const kept = this.#fields.get(text);
    if (kept !== undefined) {
      this.#fields.delete(text);
      this.#fields.set(text, kept);
      return kept;
    }
    const opened = this.open(text);
    if (opened !== null && opened !== text && opened.length <= FIELD_KEPT_LENGTH) {
      if (this.#fields.size >= FIELDS_KEPT) this.#fields.delete(this.#fields.keys().next().value!);
      this.#fields.set(text, opened);
    }
    return opened;
  }

  /** The index of a phone as stored in caller_phone_idx: equal for "+86 138-1234-1234" and "13812341234". */
  phoneIndex(phone: string | null | undefined): string | null {
    const digits = normalizePhone(phone);
    if (!digits) return null;
    return this.enabled ? blindIndex(this.ring!.index.hash, this.ring!.index.key, digits) : digits;
  }

  /** A row with its caller's name and phone opened, for presenters. */
  openCaller<T extends { caller_name: string | null; caller_phone: string | null }>(row: T): T {
    return { ...row, caller_name: this.openField(row.caller_name), caller_phone: this.openField(row.caller_phone) };
  }

  /** Event data (a merge names the merged caller) with its caller fields opened. */
  openEventData(data: Record<string, unknown>): Record<string, unknown> {
    if (typeof data.callerName !== 'string' && typeof data.callerPhone !== 'string') return data;
    return {
      ...data,
      ...(typeof data.callerName === 'string' ? { callerName: this.openField(data.callerName) } : {}),
      ...(typeof data.callerPhone === 'string' ? { callerPhone: this.openField(data.callerPhone) } : {}),
    };
  }
}

/** A key problem is the server's configuration, said plainly (500), never shown as garbage. */
function keyError(message: string): AppError {
  return new AppError(500, 'key_error', `个人信息无法解密：${message}`);
}
