/**
 * Erlang C (M/M/N queue, callers wait without hanging up): how many agents a queue needs so that a
 * target share of calls is answered within a time (issue 14; 凉山 第十条 asks for seats enough for a
 * 接通率 of at least 95 %, GB/T 33358-2016 measures the 15-second answer). Pure: no I/O, no clock.
 */
export interface ErlangInput {
  /** Calls offered per hour. */
  callsPerHour: number;
  /** Average handle time (talk + after-call work), seconds. */
  ahtSeconds: number;
  /** The service level's threshold: answered within this many seconds. */
  answerWithinSeconds: number;
  /** The share of calls to answer within the threshold, 0 < target < 1. */
  target: number;
}

export interface ErlangFigures {
  agents: number;
  /** Share of calls answered within the threshold. */
  serviceLevel: number;
  /** Average speed of answer over all calls, seconds. */
  asaSeconds: number;
  /** Share of the agents' time spent on calls (traffic ÷ agents). */
  occupancy: number;
}

/** Offered traffic in Erlangs: calls per second × seconds per call. */
export function trafficErlangs(callsPerHour: number, ahtSeconds: number): number {
  return (callsPerHour / 3600) * ahtSeconds;
}

/**
 * The probability that a call waits, for `agents` agents and `traffic` Erlangs, through the Erlang B
 * recursion B(n) = A·B(n−1) / (n + A·B(n−1)) — stable for hundreds of agents, where A^N/N! overflows.
 */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b);
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Service level, average speed of answer and occupancy with this many agents. */
export function erlangFigures(agents: number, input: Omit<ErlangInput, 'target'>): ErlangFigures {
  const a = trafficErlangs(input.callsPerHour, input.ahtSeconds);
  if (agents <= a) return { agents, serviceLevel: 0, asaSeconds: Infinity, occupancy: 1 };
  const pw = erlangC(agents, a);
  return {
    agents,
    serviceLevel: 1 - pw * Math.exp((-(agents - a) * input.answerWithinSeconds) / input.ahtSeconds),
    asaSeconds: (pw * input.ahtSeconds) / (agents - a),
    occupancy: a / agents,
  };
}

/** The fewest agents whose Erlang C service level reaches the target (at least one agent). */
export function agentsFor(input: ErlangInput): ErlangFigures {
  if (!(input.callsPerHour >= 0) || !(input.ahtSeconds > 0) || !(input.answerWithinSeconds >= 0) || !(input.target > 0 && input.target < 1)) {
    throw new RangeError('calls ≥ 0, aht > 0, answer-within ≥ 0 and 0 < target < 1 are required');
  }
  const a = trafficErlangs(input.callsPerHour, input.ahtSeconds);
  // the service level grows with every agent past the traffic, reaching 1: this ends
  for (let n = Math.max(1, Math.floor(a) + 1); ; n++) {
    const f = erlangFigures(n, input);
    if (f.serviceLevel >= input.target) return f;
  }
}
