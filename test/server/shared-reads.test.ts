import { afterEach, describe, expect, it, vi } from 'vitest';
import { SharedReads } from '../../src/server/live/shared-reads.ts';

/** One read for the pages that ask at once; a change or a second later, a fresh one; never unbounded. */
describe('SharedReads', () => {
  afterEach(() => vi.useRealTimers());

  it('pages asking at once share one read; after a change the next asks again', async () => {
    const shared = new SharedReads<number>();
    let reads = 0;
    const load = async () => (reads += 1);
    expect(await Promise.all([1, 2, 3].map(() => shared.read('queue', load)))).toEqual([1, 1, 1]);
    expect(await shared.read('queue', load)).toBe(1);
    expect(await shared.read('other scope', load)).toBe(2);
    shared.invalidate();
    expect(await shared.read('queue', load)).toBe(3);
  });

  it('a read older than its age is not given again, and a failed one is not kept', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const shared = new SharedReads<number>(1000);
    let reads = 0;
    await shared.read('k', async () => (reads += 1));
    vi.advanceTimersByTime(1000);
    expect(await shared.read('k', async () => (reads += 1))).toBe(2);
    await expect(shared.read('bad', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await shared.read('bad', async () => 7)).toBe(7);
  });

  it('a client asking for ever new lists between two changes cannot make it hold them all', async () => {
    const shared = new SharedReads<number>(1000, 50);
    for (let i = 0; i < 1_000; i += 1) await shared.read(`q=${i}`, async () => i);
    expect(shared.size).toBeLessThanOrEqual(50);
  });
});
