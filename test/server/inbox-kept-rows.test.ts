import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/server/app.ts';
import type { Actor } from '../../src/server/auth/actor.ts';
import { KeptInboxRows } from '../../src/server/inbox/kept-rows.ts';
import type { DecisionKind } from '../../src/server/inbox/decisions.ts';
import type { InboxRows } from '../../src/server/inbox/rows.ts';

/**
 * The inbox's rows kept between changes (kept-rows.ts): a change re-reads the ticket it names and no
 * other; what is given out is always what a whole read would give; a second on, the whole is read again.
 * The "database" here is a map the test changes, read as readInboxRows reads it.
 */

type Waiting = { id: string; shares: string[]; clocks: string[] };

function database() {
  const waiting = new Map<string, Waiting>();
  const reads: Array<readonly string[] | 'all'> = [];
  const rowsOf = (ts: Waiting[]): InboxRows => ({
    tickets: ts.map((t) => ({ id: t.id, subject_path: null }) as unknown as InboxRows['tickets'][number]),
    sharesOf: new Map(ts.filter((t) => t.shares.length).map((t) => [t.id, t.shares.map((s) => ({ id: s, ticket_id: t.id }) as never)])),
    clocksOf: new Map(ts.filter((t) => t.clocks.length).map((t) => [t.id, t.clocks.map((c) => ({ id: c, ticket_id: t.id }) as never)])),
    appealOf: new Map(),
  });
  const read = async (_ctx: AppContext, _actor: Actor, _wanted: readonly DecisionKind[], only?: readonly string[]) => {
    reads.push(only ? [...only].sort() : 'all');
    return rowsOf([...waiting.values()].filter((t) => !only || only.includes(t.id)));
  };
  return { waiting, reads, read, whole: () => rowsOf([...waiting.values()]) };
}

/** What a reader sees: the tickets, and each one's shares and clocks, in a stable order. */
function seen(rows: InboxRows) {
  return rows.tickets
    .map((t) => ({ id: t.id, shares: (rows.sharesOf.get(t.id) ?? []).map((s) => s.id), clocks: (rows.clocksOf.get(t.id) ?? []).map((c) => c.id) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

const ctx = {} as AppContext;
const center = { isCenter: true, unit: { path: '/c/' } } as unknown as Actor;
const unit = { isCenter: false, unit: { path: '/c/u1/' } } as unknown as Actor;
const kinds: DecisionKind[] = ['completion', 'return'];

describe('KeptInboxRows', () => {
  afterEach(() => vi.useRealTimers());

  it('after changes it reads only the tickets changed, and gives what a whole read gives', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const db = database();
    const kept = new KeptInboxRows(db.read, 1000);
    db.waiting.set('a', { id: 'a', shares: ['a1'], clocks: ['ca'] });
    db.waiting.set('b', { id: 'b', shares: ['b1', 'b2'], clocks: [] });
    expect(seen(await kept.source(ctx, center, kinds))).toEqual(seen(db.whole()));
    expect(await kept.source(ctx, center, kinds)).toBeDefined();
    expect(db.reads).toEqual(['all']);

    // a is decided (waits no more), b gets a clock, c starts to wait; d changes but waits for nothing
    db.waiting.delete('a');
    db.waiting.set('b', { id: 'b', shares: ['b1', 'b2'], clocks: ['cb'] });
    db.waiting.set('c', { id: 'c', shares: ['c1'], clocks: ['cc'] });
    for (const id of ['a', 'b', 'c', 'd']) kept.changed(id);
    const after = seen(await kept.source(ctx, center, kinds));
    expect(after).toEqual(seen(db.whole()));
    expect(after.map((t) => t.id)).toEqual(['b', 'c']);
    expect(db.reads).toEqual(['all', ['a', 'b', 'c', 'd']]);

    // nothing changed: nothing read
    await kept.source(ctx, center, kinds);
    expect(db.reads).toHaveLength(2);

    // a second after the whole was read, it is read whole again (a change no one announced)
    db.waiting.set('e', { id: 'e', shares: [], clocks: [] });
    vi.advanceTimersByTime(1000);
    expect(seen(await kept.source(ctx, center, kinds)).map((t) => t.id)).toEqual(['b', 'c', 'e']);
    expect(db.reads.at(-1)).toBe('all');
  });

  it('each scope and set of kinds keeps its own rows; a change reaches all of them', async () => {
    const db = database();
    const kept = new KeptInboxRows(db.read, 60_000);
    db.waiting.set('a', { id: 'a', shares: ['a1'], clocks: [] });
    await kept.source(ctx, center, kinds);
    await kept.source(ctx, unit, kinds);
    await kept.source(ctx, center, ['extension']);
    expect(db.reads).toEqual(['all', 'all', 'all']);
    db.waiting.set('a', { id: 'a', shares: ['a1', 'a2'], clocks: [] });
    kept.changed('a');
    for (const [actor, k] of [[center, kinds], [unit, kinds], [center, ['extension']]] as const) {
      expect(seen(await kept.source(ctx, actor, k))).toEqual([{ id: 'a', shares: ['a1', 'a2'], clocks: [] }]);
    }
    expect(db.reads.slice(3)).toEqual([['a'], ['a'], ['a']]);
  });

  it('readers at once share one read; a read one after another gives the last state; a failed whole read is not kept', async () => {
    const db = database();
    const kept = new KeptInboxRows(db.read, 60_000);
    db.waiting.set('a', { id: 'a', shares: ['a1'], clocks: [] });
    await Promise.all([1, 2, 3].map(() => kept.source(ctx, center, kinds)));
    expect(db.reads).toEqual(['all']);

    db.waiting.set('b', { id: 'b', shares: ['b1'], clocks: [] });
    kept.changed('b');
    const first = kept.source(ctx, center, kinds);
    db.waiting.set('b', { id: 'b', shares: ['b1', 'b2'], clocks: [] });
    kept.changed('b');
    const [x, y] = await Promise.all([first, kept.source(ctx, center, kinds)]);
    expect(seen(x).find((t) => t.id === 'b')?.shares).toEqual(expect.arrayContaining(['b1']));
    expect(seen(y)).toEqual(seen(db.whole()));

    const failing = new KeptInboxRows(async () => Promise.reject(new Error('down')), 60_000);
    await expect(failing.source(ctx, center, kinds)).rejects.toThrow('down');
    expect(failing.size).toBe(0);
  });

  it('what changes while a read is out is read after it, whole or in part; a failed re-read reads the whole', async () => {
    // each read sees the database as it is when issued, and answers when the test lets it
    const db = database();
    const held: Array<() => void> = [];
    const slow = async (...args: Parameters<typeof db.read>) => {
      const rows = await db.read(...args);
      await new Promise<void>((r) => held.push(r));
      return rows;
    };
    const release = async () => {
      while (!held.length) await new Promise((r) => setTimeout(r, 1));
      held.shift()!();
    };
    const kept = new KeptInboxRows(slow, 60_000);
    db.waiting.set('a', { id: 'a', shares: ['a1'], clocks: [] });
    // a change during the whole read
    const whole = kept.source(ctx, center, kinds);
    await new Promise((r) => setTimeout(r, 1));
    db.waiting.set('b', { id: 'b', shares: ['b1'], clocks: [] });
    kept.changed('b');
    await release();
    expect(seen(await whole).map((t) => t.id)).toEqual(['a']);
    const next = kept.source(ctx, center, kinds);
    await release();
    expect(seen(await next)).toEqual(seen(db.whole()));

    // a change during a partial read, and partial reads one after another
    db.waiting.set('c', { id: 'c', shares: ['c1'], clocks: [] });
    kept.changed('c');
    const first = kept.source(ctx, center, kinds);
    await new Promise((r) => setTimeout(r, 1));
    db.waiting.set('c', { id: 'c', shares: ['c1', 'c2'], clocks: [] });
    db.waiting.delete('a');
    kept.changed('c');
    kept.changed('a');
    await release();
    expect(seen(await first).find((t) => t.id === 'c')?.shares).toEqual(['c1']);
    const second = kept.source(ctx, center, kinds);
    await release();
    expect(seen(await second)).toEqual(seen(db.whole()));

    // a failed re-read: the whole is read, with what changed
    let fail = true;
    const flaky = new KeptInboxRows(async (...args) => {
      if (args[3] && fail) throw new Error('down');
      return db.read(...args);
    }, 60_000);
    await flaky.source(ctx, center, kinds);
    db.waiting.set('b', { id: 'b', shares: ['b1', 'b3'], clocks: ['cb'] });
    flaky.changed('b');
    expect(seen(await flaky.source(ctx, center, kinds))).toEqual(seen(db.whole()));
    fail = false;
    db.waiting.set('b', { id: 'b', shares: ['b1'], clocks: [] });
    flaky.changed('b');
    expect(seen(await flaky.source(ctx, center, kinds))).toEqual(seen(db.whole()));
  });

  it('a scope no one reads again is let go, not fed every change of the center', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const db = database();
    const kept = new KeptInboxRows(db.read, 1000, 50);
    await kept.source(ctx, unit, kinds);
    expect(kept.size).toBe(1);
    for (let i = 0; i < 10; i += 1) kept.changed(`t${i}`);
    expect(kept.size).toBe(1);
    vi.advanceTimersByTime(1000);
    kept.changed('t10');
    expect(kept.size).toBe(0);
  });

  it('many changes at once are read whole, not one by one', async () => {
    const db = database();
    const kept = new KeptInboxRows(db.read, 60_000, 50);
    await kept.source(ctx, center, kinds);
    for (let i = 0; i < 51; i += 1) kept.changed(`t${i}`);
    await kept.source(ctx, center, kinds);
    expect(db.reads).toEqual(['all', 'all']);
  });
});
