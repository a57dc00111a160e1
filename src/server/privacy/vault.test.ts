import { describe, expect, it } from 'vitest';
import { newKeyFile, ringFromFile } from './keys.ts';
import { Vault } from './vault.ts';

const vault = () => new Vault(ringFromFile(newKeyFile('aes-256-gcm'), 'test'), true);

/** The sealed value with one character of its payload changed (an inner one: every bit of it is data). */
function altered(sealed: string, at: number): string {
  const i = sealed.lastIndexOf(':') + 1 + at;
  return `${sealed.slice(0, i)}${sealed[i] === 'A' ? 'B' : 'A'}${sealed.slice(i + 1)}`;
}

describe("the vault opens callers' fields it keeps", () => {
  it('opens a name read again and again; an altered copy of it is refused each time', () => {
    const v = vault();
    const sealed = v.seal('欧阳秀英')!;
    for (let i = 0; i < 3; i += 1) expect(v.openField(sealed)).toBe('欧阳秀英');
    for (const at of [0, 13, 30]) {
      expect(() => v.openField(altered(sealed, at))).toThrow(/个人信息无法解密/);
      expect(() => v.openField(altered(sealed, at))).toThrow(/个人信息无法解密/);
    }
    // plaintext left from before encryption, empty and missing values pass through as they are
    expect([v.openField('13912345678'), v.openField(''), v.openField(null), v.openField(undefined)]).toEqual(['13912345678', '', null, null]);
  });

  it('each value opens to its own text, also when more are opened than it keeps', () => {
    const v = vault();
    const phones = Array.from({ length: 25_000 }, (_, i) => `139${String(i).padStart(8, '0')}`);
    const sealed = phones.map((p) => v.seal(p)!);
    sealed.forEach((s, i) => expect(v.openField(s)).toBe(phones[i]));
    // backwards: the last opened are kept, the first were let go
    for (let i = sealed.length - 1; i >= 0; i -= 1) expect(v.openField(sealed[i])).toBe(phones[i]);
  });

  it('a vault with another key opens nothing that one vault has opened', () => {
    const a = vault();
    const sealed = a.seal('13912345678')!;
    expect(a.openField(sealed)).toBe('13912345678');
    expect(() => vault().openField(sealed)).toThrow(/个人信息无法解密/);
    expect(() => vault().open(sealed)).toThrow(/个人信息无法解密/);
  });
});
