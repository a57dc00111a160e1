import { trafficErlangs } from './erlang-c.ts';

/**
 * Erlang A (M/M/N+M: callers hang up after an exponential patience), for the 接通率 a number of
 * agents gives when callers do not wait for ever (issue 14 item 5). 凉山 第十条 asks seats enough for
 * a 接通率 of at least 95 %; Erlang C, where nobody hangs up, cannot say what share is answered. Pure.
 *
 * The number of callers in the system is a birth–death chain: arrivals at rate λ; with k callers,
 * departures at min(k, N)·μ (talks ending) + max(k − N, 0)·θ (waiting callers giving up). The share
 * abandoned is θ·E[queue] ÷ λ. Summed in logarithms: hundreds of agents do not overflow.
 */
export interface ErlangAInput {
  callsPerHour: number;
  /** Average handle time (talk + after-call work), seconds. */
  ahtSeconds: number;
  /** Average patience of a waiting caller, seconds. */
  patienceSeconds: number;
}

/** The share of offered calls answered (1 − abandoned share) with `agents` agents. */
export function answeredShare(agents: number, input: ErlangAInput): number {
  const lambda = input.callsPerHour / 3600;
  if (lambda <= 0) return 1;
  if (agents <= 0) return 0;
  const mu = 1 / input.ahtSeconds;
  const theta = 1 / input.patienceSeconds;
  // log of the unnormalised stationary probabilities, until they are negligible past the agents
  const logs: number[] = [0];
  let max = 0;
  for (let k = 1; ; k++) {
    const death = Math.min(k, agents) * mu + Math.max(k - agents, 0) * theta;
    const v = logs[k - 1]! + Math.log(lambda / death);
    logs.push(v);
    if (v > max) max = v;
    if (k > agents && v < max - 40) break;
  }
  let total = 0;
  let queue = 0;
  for (const [k, v] of logs.entries()) {
    const p = Math.exp(v - max);
    total += p;
    if (k > agents) queue += (k - agents) * p;
  }
  return 1 - (theta * (queue / total)) / lambda;
}

/** The fewest agents (at least one) whose 接通率 reaches `target` (e.g. 0.95). */
export function agentsForAnswerRate(input: ErlangAInput & { target: number }): { agents: number; answerRate: number } {
  if (!(input.callsPerHour >= 0) || !(input.ahtSeconds > 0) || !(input.patienceSeconds > 0) || !(input.target > 0 && input.target < 1)) {
    throw new RangeError('calls ≥ 0, aht > 0, patience > 0 and 0 < target < 1 are required');
  }
  // never more than Erlang C's offered traffic plus a margin: the answered share rises towards 1 with agents
  for (let n = 1; ; n++) {
    const share = answeredShare(n, input);
    if (share >= input.target || n > trafficErlangs(input.callsPerHour, input.ahtSeconds) * 3 + 50) return { agents: n, answerRate: share };
  }
}
