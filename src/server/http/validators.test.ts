import { describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableText } from './input-guard.ts';
import { CALENDAR_YEARS, day, instant, isDay, isInstant, uuidParams } from './schemas.ts';

describe('text PostgreSQL can store', () => {
  it.each([
    ['路灯不亮', true],
    ['', true],
    ['表情😀与生僻字𠮷', true],
    ['a\u0000b', false],
    ['\u0000', false],
    ['\ud800', false],
    ['x\udfffy', false],
    ['😀'.slice(0, 1), false],
    ['😀'.slice(1), false],
    ['\udc00\ud800', false],
  ])('%j → %s', (text, ok) => {
    expect(isStorableText(text)).toBe(ok);
  });

  it('names the first bad place in nested values, keys included', () => {
    expect(findUnstorableText({ caller: { name: '张三', phone: '138' }, tags: ['a', 'b'] })).toBeNull();
    expect(findUnstorableText({ units: [{ unitId: 'x' }, { note: 'a\u0000' }] })).toBe('units.1.note');
    expect(findUnstorableText({ 'k\ud800': 1 })).toBe('(字段名)');
    expect(findUnstorableText('\u0000')).toBe('');
    expect(findUnstorableText([1, null, true, { a: 2 }])).toBeNull();
    expect(findUnstorableText(Buffer.from([0, 0xd8]))).toBeNull();
  });
});

describe('ids', () => {
  it('accepts uuids only', () => {
    expect(uuidParams.safeParse({ id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }).success).toBe(true);
    for (const id of ['not-a-uuid', '1', '', '3f2504e0-4f89-41d3-9a0c-0305e82c330', '3f2504e0-4f89-41d3-9a0c-0305e82c3301x']) {
      expect(uuidParams.safeParse({ id }).success, id).toBe(false);
    }
    expect(uuidParams.safeParse({ id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', other: 1 }).success).toBe(false);
  });
});

describe('days and instants', () => {
  it.each([
    ['2026-11-23', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-45', false],
    ['2026-04-31', false],
    ['0000-01-01', false],
    ['2200-01-01', false],
    ['26-11-23', false],
    ['2026-11-23T10:00', false],
  ])('day %s → %s', (text, ok) => {
    expect(isDay(text)).toBe(ok);
    expect(day().safeParse(text).success).toBe(ok);
  });

  it('keeps dates of clocks within the calendar (2004–2099)', () => {
    expect(isDay('1990-01-01')).toBe(true);
    expect(isDay('1990-01-01', CALENDAR_YEARS)).toBe(false);
    expect(isInstant('2099-12-31T23:59:59+08:00', CALENDAR_YEARS)).toBe(true);
    // 2100-01-01 00:30 in Beijing is still 2099 in UTC: the Beijing day counts.
    expect(isInstant('2100-01-01T00:30:00+08:00', CALENDAR_YEARS)).toBe(false);
    expect(instant(CALENDAR_YEARS).safeParse('2200-01-01').success).toBe(false);
  });

  it.each([
    ['2026-12-01', true],
    ['2026-12-01T17:30:00+08:00', true],
    ['2026-12-01 17:30', true],
    ['2026-12-01T09:30:00Z', true],
    ['2026-12-01T24:00:00+08:00', false],
    ['2026-12-01T17:61:00+08:00', false],
    ['2026-02-30T10:00:00+08:00', false],
    ['tomorrow', false],
    ['', false],
  ])('instant %s → %s', (text, ok) => {
    expect(isInstant(text)).toBe(ok);
  });
});
