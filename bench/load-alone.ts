import { performance } from 'node:perf_hooks';
import { postgresCpuSeconds, serverCpuSeconds } from './load-clients.ts';
import { ARRIVALS, type Kind } from './load-profile.ts';

/** The reads of the busy hour (the life's writes need their ticket: they are measured under load only). */
const READS: Kind[] = ['ticket-read', 'kb-search', 'inbox', 'caller-history', 'portal-track', 'unit-list', 'queue', 'supervision', 'dashboard'];

/**
 * Each kind of read alone, one request at a time before the load starts: the server's and
 * PostgreSQL's CPU per request, and what that costs at ×1 (CPU per request × its rate), the
 * dearest first — where a busy hour's CPU goes, by kind (issue 16, item 2).
 *
 * Less what the server and the database spend meanwhile on nothing asked: right after the server
 * starts its jobs make their first rounds, and that CPU was counted to whichever read was measured
 * then (knowledge search 10.0 + 21.2 ms a request in the first seconds; 3.2–4.1 + 5.2–6.3 ms with
 * the jobs off and the server warm). Each kind's requests are followed by as long a pause, measured the same way.
 */
export async function measureAlone(request: (kind: Kind) => Promise<unknown>, serverPid: number, pgPids: readonly number[], runs = 40): Promise<void> {
  const rows: Array<{ kind: Kind; server: number; pg: number; perSecond: number }> = [];
  for (const kind of READS) {
    const rate = ARRIVALS[kind] ?? 0;
    for (let i = 0; i < 5; i += 1) await request(kind);
    const s0 = serverCpuSeconds(serverPid);
    const p0 = postgresCpuSeconds(pgPids);
    const t0 = performance.now();
    for (let i = 0; i < runs; i += 1) await request(kind);
    const busy = { server: serverCpuSeconds(serverPid) - s0, pg: postgresCpuSeconds(pgPids) - p0 };
    // as long again with nothing asked: what the server and the database do by themselves
    const s1 = serverCpuSeconds(serverPid);
    const p1 = postgresCpuSeconds(pgPids);
    await new Promise((r) => setTimeout(r, performance.now() - t0));
    const server = (Math.max(0, busy.server - (serverCpuSeconds(serverPid) - s1)) / runs) * 1000;
    const pg = (Math.max(0, busy.pg - (postgresCpuSeconds(pgPids) - p1)) / runs) * 1000;
    rows.push({ kind, server, pg, perSecond: (server + pg) * rate });
  }
  console.log(`  each read alone (${runs} after 5 of warm-up, less as long a pause's CPU), CPU per request; at ×1 its rate × that:`);
  console.log('    kind              server      PostgreSQL   ×1: ms of CPU a second');
  for (const r of rows.sort((a, b) => b.perSecond - a.perSecond)) {
    console.log(`    ${r.kind.padEnd(16)} ${r.server.toFixed(1).padStart(6)} ms ${r.pg.toFixed(1).padStart(10)} ms ${r.perSecond.toFixed(0).padStart(12)}`);
  }
}
