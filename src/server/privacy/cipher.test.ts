import { describe, expect, it } from 'vitest';
import { blindIndex, CipherError, isSealed, open, seal, type DataKey } from './cipher.ts';

const aes: DataKey = { id: 'a1', algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 3) };
const sm4: DataKey = { id: 's1', algorithm: 'sm4', key: Buffer.alloc(32, 4) };
const ring = new Map([aes, sm4].map((k) => [k.id, k]));

/** Flips one bit of the payload of a sealed value. */
function tamper(sealed: string, at: number): string {
  const [v, id, b64] = sealed.split(':');
  const raw = Buffer.from(b64!, 'base64');
  raw[at] = raw[at]! ^ 1;
  return `${v}:${id}:${raw.toString('base64')}`;
}

describe('sealing personal data', () => {
  for (const k of [aes, sm4]) {
    it(`${k.algorithm}: round trip, a fresh IV each time, tampering detected`, () => {
      const a = seal(k, '欧阳秀英 13912345678');
      const b = seal(k, '欧阳秀英 13912345678');
      expect(a).toMatch(new RegExp(`^v1:${k.id}:`));
      expect(isSealed(a)).toBe(true);
      expect(a).not.toBe(b);
      expect(a).not.toContain('1391234');
      expect(open(ring, a)).toBe('欧阳秀英 13912345678');
      for (const at of [0, 20, Buffer.from(a.split(':')[2]!, 'base64').length - 1]) {
        expect(() => open(ring, tamper(a, at))).toThrow(CipherError);
      }
      // relabelled to another key id: refused, not decrypted with the wrong key
      expect(() => open(ring, a.replace(`v1:${k.id}:`, `v1:${k === aes ? 's1' : 'a1'}:`))).toThrow(CipherError);
    });
  }

  it('SM4 output is SM4-CTR under the first half of the key (interoperable with other SM4 tools)', async () => {
    const { createDecipheriv } = await import('node:crypto');
    const raw = Buffer.from(seal(sm4, '13912345678').split(':')[2]!, 'base64');
    const d = createDecipheriv('sm4-ctr', sm4.key.subarray(0, 16), raw.subarray(0, 16));
    expect(Buffer.concat([d.update(raw.subarray(48)), d.final()]).toString()).toBe('13912345678');
  });

  it('an unknown key id or a truncated value is an error that names the key', () => {
    expect(() => open(ring, seal({ ...aes, id: 'gone' }, 'x'))).toThrow(/缺少密钥 gone/);
    expect(() => open(ring, 'v1:a1:AAAA')).toThrow(/密钥 a1 无法解密/);
    expect(isSealed('13912345678')).toBe(false);
  });

  it('the blind index is equal for equal phones, differs by key and by hash, and hides the phone', () => {
    const k1 = Buffer.alloc(32, 5);
    const k2 = Buffer.alloc(32, 6);
    expect(blindIndex('sha256', k1, '13912345678')).toBe(blindIndex('sha256', k1, '13912345678'));
    expect(blindIndex('sha256', k1, '13912345678')).not.toBe(blindIndex('sha256', k1, '13912345679'));
    expect(blindIndex('sha256', k1, '13912345678')).not.toBe(blindIndex('sha256', k2, '13912345678'));
    expect(blindIndex('sm3', k1, '13912345678')).not.toBe(blindIndex('sha256', k1, '13912345678'));
    expect(blindIndex('sm3', k1, '13912345678')).toMatch(/^h1:[A-Za-z0-9_-]{43}$/);
  });
});
