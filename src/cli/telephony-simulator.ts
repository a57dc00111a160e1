import { formatInstant, parseDay, startOfDay } from '../core/calendar/civil-date.ts';
import { simulateDay, type SimulatedCall } from '../core/telephony/simulated-day.ts';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../server/telephony/signature.ts';
import { Rng } from '../core/random.ts';

/**
 * `open12345 telephony simulate`: a day of the switchboard (core/telephony/simulated-day.ts) played
 * into a running server as the telephone platform would — each call's ringing, answered, ended or
 * abandoned and each agent's state, signed with the configured secret (POST /api/telephony/events)
 * — and a share of the answered calls registered as tickets linked to their call, by an agent
 * account through the same API as the desk (POST /api/tickets with callId). Call ids are made from
 * the date and seed: running the same day again adds nothing (the server keeps each event once).
 */
export interface SimulateOptions {
  url: string;
  secret: string;
  date: string;
  calls: number;
  agents: number;
  seed: number;
  /** Share of answered calls the agent registers a ticket for (0 … 1). */
  ticketShare: number;
  /** The agent account that registers the tickets; without one, no tickets. */
  agentUser?: { username: string; password: string } | undefined;
  /** First extension number; agent i has first + i. */
  firstExtension: number;
  /** Posts in flight at once. */
  concurrency: number;
  /** The signing clock (Unix ms): the server refuses a timestamp more than 5 minutes off its own. */
  now?: () => number;
  progress?: (line: string) => void;
}

export interface SimulateResult {
  date: string;
  calls: number;
  answered: number;
  abandoned: number;
  /** answered ÷ offered as simulated (凉山 第十条 asks at least 95 %). */
  answerRate: number;
  events: number;
  duplicates: number;
  tickets: number;
  ticketErrors: string[];
  ms: number;
}

export class SimulationError extends Error {
  override name = 'SimulationError';
}

interface Post {
  kind: string;
  at: number;
  body: Record<string, unknown>;
}

const REQUESTS: Array<{ type: string; content: string; address: string }> = [
  { type: 'help', content: '小区门口路灯不亮已经一周了，晚上出行不安全，请尽快维修', address: '渝中区解放碑街道新华路' },
  { type: 'complaint', content: '楼下餐馆油烟直排，家里窗户都不敢开，请相关部门处理', address: '江北区观音桥街道建新北路' },
  { type: 'complaint', content: '夜间建筑工地施工噪音很大，影响休息', address: '渝中区七星岗街道金汤街' },
  { type: 'consultation', content: '咨询新生儿医保办理需要哪些材料、在哪里办理', address: '渝中区解放碑街道民生路' },
  { type: 'help', content: '小区垃圾好几天没人清运，味道很大', address: '江北区五里店街道' },
  { type: 'report', content: '人行道上有占道经营的摊点，行人只能走机动车道', address: '渝中区解放碑街道新华路' },
  { type: 'suggestion', content: '建议在公交站增设遮雨棚，方便老人候车', address: '江北区观音桥街道' },
];
const NAMES = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

/** Turns the simulated day into the platform's events and posts them, then registers the tickets. */
export async function simulateTelephonyDay(o: SimulateOptions): Promise<SimulateResult> {
  const started = Date.now();
  const day = parseDay(o.date);
  const calls = simulateDay({ day, calls: o.calls, agents: o.agents, seed: o.seed });
  const rng = new Rng(o.seed ^ 0x5bd1e995);
  const ext = (agent: number) => String(o.firstExtension + agent);
  const callId = (c: SimulatedCall) => `sim-${o.date}-${o.seed}-${c.seq}`;
  // callers: mostly new numbers, about one call in ten from someone who called earlier in the day
  const numbers: string[] = [];
  const callerOf = new Map<number, string>();
  const posts: Post[] = [];
  const add = (kind: string, at: number, body: Record<string, unknown>) => posts.push({ kind, at, body: { kind, at: formatInstant(at), ...body } });
  for (let a = 0; a < o.agents; a++) add('agent_state', startOfDay(day), { extension: ext(a), state: 'ready' });
  for (const c of calls) {
    const again = numbers.length > 10 && rng.next() < 0.1;
    const caller = again ? numbers[Math.floor(rng.next() * numbers.length)]! : `13${Math.floor(rng.between(0, 10))}${String(Math.floor(rng.next() * 1e8)).padStart(8, '0')}`;
    if (!again) numbers.push(caller);
    callerOf.set(c.seq, caller);
    const id = callId(c);
    const queue = rng.next() < 0.12 ? 'enterprise' : 'general';
    add('ringing', c.offeredAt, { callId: id, caller, dialled: '12345', queue, ...(c.rangAt !== null ? { extension: ext(c.rangAt) } : {}) });
    if (c.agent === null || c.answeredAt === null) {
      add('abandoned', c.endedAt, { callId: id });
      continue;
    }
    add('answered', c.answeredAt, { callId: id, extension: ext(c.agent) });
    add('agent_state', c.answeredAt, { extension: ext(c.agent), state: 'busy' });
    add('ended', c.endedAt, { callId: id, extension: ext(c.agent), recording: `rec/${o.date}/${id}.wav` });
    add('agent_state', c.endedAt, { extension: ext(c.agent), state: 'after_call' });
    add('agent_state', c.readyAt!, { extension: ext(c.agent), state: 'ready' });
  }
  // in the order they happened, as a platform would send them (the server does not depend on it)
  posts.sort((a, b) => a.at - b.at);

  const now = o.now ?? Date.now;
  let duplicates = 0;
  let done = 0;
  const send = async (p: Post) => {
    const payload = JSON.stringify(p.body);
    const ts = String(Math.floor(now() / 1000));
    const res = await fetch(`${o.url}/api/telephony/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: ts, [TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(o.secret, ts, payload) },
      body: payload,
    });
    const text = await res.text();
    if (res.status === 401) throw new SimulationError(`服务器拒绝了签名（401）：请确认 --secret 与服务器的 TELEPHONY_EVENTS_SECRET 一致，且两边时钟相差不超过 5 分钟。${text}`);
    if (res.status === 404) throw new SimulationError('服务器未启用话务事件接口（404）：请为服务器设置 TELEPHONY_EVENTS_SECRET 后重启');
    if (res.status !== 200) throw new SimulationError(`事件 ${p.kind}（${p.body.at as string}）被拒绝：${res.status} ${text}`);
    if ((JSON.parse(text) as { duplicate?: boolean }).duplicate) duplicates++;
    done++;
    if (done % 1000 === 0) o.progress?.(`  已发送 ${done}/${posts.length} 个事件\n`);
  };
  await inBatches(posts, o.concurrency, send);

  // the agent registers a share of the answered calls as tickets, linked to the call
  let tickets = 0;
  const ticketErrors: string[] = [];
  const answered = calls.filter((c) => c.answeredAt !== null);
  if (o.agentUser && o.ticketShare > 0) {
    const chosen = answered.filter(() => rng.next() < o.ticketShare);
    if (chosen.length) {
      const cookie = await login(o.url, o.agentUser);
      await inBatches(chosen, Math.min(o.concurrency, 4), async (c) => {
        const request = REQUESTS[Math.floor(rng.next() * REQUESTS.length)]!;
        const body = { channel: 'phone', caller: { name: `${NAMES[c.seq % NAMES.length]}先生`, phone: callerOf.get(c.seq) }, ...request, callId: callId(c) };
        const res = await fetch(`${o.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
        if (res.status === 200 || res.status === 201) tickets++;
        else ticketErrors.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
      });
    }
  }
  return {
    date: o.date,
    calls: calls.length,
    answered: answered.length,
    abandoned: calls.length - answered.length,
    answerRate: calls.length ? answered.length / calls.length : 0,
    events: posts.length,
    duplicates,
    tickets,
    ticketErrors,
    ms: Date.now() - started,
  };
}

async function login(url: string, user: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (res.status !== 200) throw new SimulationError(`话务员账号 ${user.username} 登录失败（${res.status}）：${(await res.text()).slice(0, 200)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('o12345_sid='));
  if (!cookie) throw new SimulationError('登录未返回会话');
  return cookie.split(';')[0]!;
}

/** Runs `fn` over the items with at most `n` at once, stopping at the first failure. */
async function inBatches<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
}
