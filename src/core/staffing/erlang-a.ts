import { trafficErlangs, type ErlangFigures } from './erlang-c.ts';

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

/**
 * The chain's stationary probabilities p[k] of k callers in the system (k = 0 … until negligible past
 * the agents), normalised; built in logarithms so that large centers neither overflow nor underflow.
 */
function stationary(agents: number, lambda: number, mu: number, theta: number): number[] {
  const logs: number[] = [0];
  let max = 0;
  for (let k = 1; ; k++) {
    const death = Math.min(k, agents) * mu + Math.max(k - agents, 0) * theta;
    const v = logs[k - 1]! + Math.log(lambda / death);
    logs.push(v);
    if (v > max) max = v;
    if (k > agents && v < max - 40) break;
  }
  const p = logs.map((v) => Math.exp(v - max));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

/** The share of offered calls answered (1 − abandoned share) with `agents` agents. */
export function answeredShare(agents: number, input: ErlangAInput): number {
  const lambda = input.callsPerHour / 3600;
  if (lambda <= 0) return 1;
  if (agents <= 0) return 0;
  const theta = 1 / input.patienceSeconds;
  const p = stationary(agents, lambda, 1 / input.ahtSeconds, theta);
  let queue = 0;
  for (let k = agents + 1; k < p.length; k++) queue += (k - agents) * p[k]!;
  return 1 - (theta * queue) / lambda;
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

export interface ErlangAFigures extends ErlangFigures {
  /** Share of offered calls whose caller hung up before an agent answered. */
  abandonment: number;
}

/**
 * Erlang A's figures for `agents` agents, in the same terms as Erlang C's (erlang-c.ts), plus the
 * share abandoned:
 * - serviceLevel: offered calls answered within the threshold ÷ all offered calls (a caller who hangs
 *   up counts against it, as in 15 秒接通率 = answered within 15 s ÷ offered);
 * - asaSeconds: the average wait of the answered calls (those answered at once count as 0);
 * - occupancy: the agents' busy share, answered traffic ÷ agents.
 *
 * A caller who arrives to find j callers already waiting (first come, first answered) is answered when
 * the j + 1 places ahead of it clear — each at rate Nμ + iθ while i callers are ahead — before its own
 * patience τ runs out. With x = Nμ/θ, U = e^(−θV) of that clearing time V is Beta(x, j + 1); so
 * P(answered) = E[e^(−θV)] = x/(x + j + 1), P(answered within t) = x/(x + j + 1) · P(U′ ≥ e^(−θt)) with
 * U′ ~ Beta(x + 1, j + 1), which is P(NB > j) for a negative binomial NB(r = x + 1, p = e^(−θt)), and
 * E[V; answered] = x/(x + j + 1) · Σ_{i=1}^{j+1} 1/(θ(x + i)). Callers who find a free agent wait 0.
 */
export function erlangAFigures(agents: number, input: ErlangAInput & { answerWithinSeconds: number }): ErlangAFigures {
  const lambda = input.callsPerHour / 3600;
  if (lambda <= 0) return { agents, serviceLevel: 1, asaSeconds: 0, occupancy: 0, abandonment: 0 };
  if (agents <= 0) return { agents, serviceLevel: 0, asaSeconds: Infinity, occupancy: 1, abandonment: 1 };
  const mu = 1 / input.ahtSeconds;
  const theta = 1 / input.patienceSeconds;
  const p = stationary(agents, lambda, mu, theta);
  const x = (agents * mu) / theta;
  // NB(r = x + 1, p = z) term by term in logarithms: z^(x+1) alone underflows for a large center
  const thetaT = theta * input.answerWithinSeconds;
  const logZ = -thetaT;
  const log1mZ = Math.log(-Math.expm1(-thetaT));
  let logPmf = (x + 1) * logZ;
  let cdf = Math.exp(logPmf);
  let served = 0;
  let withinT = 0;
  let waited = 0;
  let busy = 0;
  let harmonic = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k]!;
    busy += Math.min(k, agents) * pk;
    if (k < agents) {
      served += pk;
      withinT += pk;
      continue;
    }
    const j = k - agents;
    if (j > 0) {
      logPmf += Math.log((x + j) / j) + log1mZ;
      cdf += Math.exp(logPmf);
    }
    harmonic += 1 / (theta * (x + j + 1));
    const answered = x / (x + j + 1);
    served += pk * answered;
    withinT += pk * answered * Math.max(0, 1 - Math.min(1, cdf));
    waited += pk * answered * harmonic;
  }
  return {
    agents,
    serviceLevel: withinT,
    asaSeconds: served > 0 ? waited / served : Infinity,
    occupancy: busy / agents,
    abandonment: 1 - served,
  };
}

/**
 * The fewest agents (at least one) whose Erlang A service level reaches the target. No fewer than
 * target × traffic can do: agents carry at most their number in Erlangs, so the answered share — and
 * the service level below it — is at most agents ÷ traffic. From there the count doubles until the
 * target is reached, then halves back (the service level rises with every agent), so a large center
 * costs a few dozen evaluations, not one per agent.
 */
export function agentsForErlangA(input: ErlangAInput & { answerWithinSeconds: number; target: number }): ErlangAFigures {
  if (!(input.callsPerHour >= 0) || !(input.ahtSeconds > 0) || !(input.patienceSeconds > 0) || !(input.answerWithinSeconds >= 0) || !(input.target > 0 && input.target < 1)) {
    throw new RangeError('calls ≥ 0, aht > 0, patience > 0, answer-within ≥ 0 and 0 < target < 1 are required');
  }
  const reaches = (f: ErlangAFigures) => f.serviceLevel >= input.target;
  let lo = Math.max(1, Math.ceil(input.target * trafficErlangs(input.callsPerHour, input.ahtSeconds) - 1e-9));
  let best = erlangAFigures(lo, input);
  if (reaches(best)) return best;
  // SL(lo) < target: find a count that reaches it, then the fewest between
  let step = 1;
  let hi = lo + step;
  while (!reaches((best = erlangAFigures(hi, input)))) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const f = erlangAFigures(mid, input);
    if (reaches(f)) {
      hi = mid;
      best = f;
    } else lo = mid;
  }
  return best;
}
