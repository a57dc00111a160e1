import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeGate, GATHER_MS, MIN_INTERVAL_MS } from '../../src/web/live-gate.ts';

/** How a page's lists and badges follow the live stream: a burst is one refresh, a steady stream one a second. */
describe('changeGate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a single change refreshes the view shortly after it arrives', () => {
    const fire = vi.fn();
    const gate = changeGate(fire);
    gate.offer();
    vi.advanceTimersByTime(GATHER_MS - 1);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('a burst of changes is one refresh', () => {
    const fire = vi.fn();
    const gate = changeGate(fire);
    for (let i = 0; i < 50; i += 1) gate.offer();
    vi.advanceTimersByTime(5_000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('a busy center’s steady stream (a change every 100 ms) still refreshes, once a second — never starved, never per change', () => {
    const fire = vi.fn();
    const gate = changeGate(fire);
    for (let t = 0; t < 10_000; t += 100) {
      gate.offer();
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(MIN_INTERVAL_MS);
    expect(fire.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(fire.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it('after a quiet spell the next change is shown as fast as the first', () => {
    const fire = vi.fn();
    const gate = changeGate(fire);
    gate.offer();
    vi.advanceTimersByTime(GATHER_MS);
    vi.advanceTimersByTime(MIN_INTERVAL_MS * 3);
    gate.offer();
    vi.advanceTimersByTime(GATHER_MS);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('stopped (the view closed), it refreshes nothing', () => {
    const fire = vi.fn();
    const gate = changeGate(fire);
    gate.offer();
    gate.stop();
    vi.advanceTimersByTime(5_000);
    expect(fire).not.toHaveBeenCalled();
  });
});
