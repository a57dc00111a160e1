import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/server/auth/actor.ts';
import { LiveBus } from '../../src/server/live/bus.ts';
import { LiveHub, type LiveStream } from '../../src/server/live/hub.ts';
import type { SessionChecks } from '../../src/server/live/session-checks.ts';

/**
 * The live streams fed together (issue 16): changes that arrive within one flush reach each browser
 * in one write, in order, only those its user may see; a session that has ended ends its stream.
 */
const actor = (id: string, path: string, isCenter: boolean): Actor => ({
  id, username: id, displayName: id, roles: [], unit: { id, name: id, path, kind: 'x' }, isCenter, mustChangePassword: false, totpEnabled: false,
});

function streamOf(sid: string) {
  const s = { sid, writes: [] as string[], ended: false, write: (t: string) => s.writes.push(t), end: () => void (s.ended = true) };
  return s satisfies LiveStream;
}

const events = (writes: string[]) => writes.join('').split('\n\n').filter((b) => b.startsWith('event: ticket')).map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)).ticketId as string);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live hub', () => {
  it('five changes in one flush: one write per stream, in order, each its own; an ended session gets none and is closed', async () => {
    const sessions = new Map<string, Actor | null>([
      ['center', actor('c', '/root/', true)],
      ['unitA', actor('a', '/root/a/', false)],
      ['unitB', actor('b', '/root/b/', false)],
      ['gone', null],
    ]);
    let checked = 0;
    const checks = { actor: async (sid: string) => (checked += 1, sessions.get(sid) ?? null) } as unknown as SessionChecks;
    const bus = new LiveBus();
    const hub = new LiveHub(bus, checks, 30, 60_000);
    const s = Object.fromEntries([...sessions.keys()].map((k) => [k, streamOf(k)]));
    for (const x of Object.values(s)) hub.add(x);
    const change = (ticketId: string, units: string[]) => bus.emit('change', { ticketId, status: 'dispatched', units });
    change('t1', ['/root/a/']);
    change('t2', ['/root/b/x/']);
    change('t3', []);
    change('t4', ['/root/a/y/', '/root/b/']);
    change('t5', ['/root/a/']);
    await wait(80);
    expect(s.center!.writes).toHaveLength(1);
    expect(events(s.center!.writes)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(s.unitA!.writes).toHaveLength(1);
    expect(events(s.unitA!.writes)).toEqual(['t1', 't4', 't5']);
    expect(events(s.unitB!.writes)).toEqual(['t2', 't4']);
    expect(s.gone!.writes).toHaveLength(0);
    expect(s.gone!.ended).toBe(true);
    expect(hub.size).toBe(3);
    expect(checked).toBe(4);

    // a user moved to another unit hears that unit's changes from the next flush
    sessions.set('unitA', actor('a', '/root/b/', false));
    change('t6', ['/root/a/']);
    change('t7', ['/root/b/']);
    await wait(80);
    expect(events(s.unitA!.writes)).toEqual(['t1', 't4', 't5', 't7']);
    hub.close();
  });
});
