import { describe, expect, it } from 'vitest';
import { RestartPolicy, type RestartDecision } from './restart-policy.js';

const crash = { permanent: false, message: 'the worker exited with code 1' };

/** Feeds `count` quick crashes (each after a 1 s run) starting at `from`; returns the decisions. */
function crashes(policy: RestartPolicy, count: number, from = 0, step = 1000): RestartDecision[] {
  const out: RestartDecision[] = [];
  for (let i = 0; i < count; i++) {
    const now = from + (i + 1) * step;
    out.push(policy.onExit(now, now - 1000, crash));
  }
  return out;
}

const delays = (decisions: RestartDecision[]) => decisions.map((d) => (d.action === 'restart' ? d.delayMs : d.action));

describe('RestartPolicy', () => {
  it('doubles the delay after each quick crash', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxDelayMs: 60_000, maxCrashes: 100 });
    expect(delays(crashes(policy, 5))).toEqual([100, 200, 400, 800, 1600]);
  });

  it('caps the delay at maxDelayMs', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxDelayMs: 500, maxCrashes: 100 });
    expect(delays(crashes(policy, 6))).toEqual([100, 200, 400, 500, 500, 500]);
  });

  it('starts the delay over after a run that lasted stableAfterMs', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxCrashes: 100, stableAfterMs: 10_000 });
    expect(delays(crashes(policy, 3))).toEqual([100, 200, 400]);
    // The restarted worker then ran for 10 s before crashing: healthy again.
    const after = policy.onExit(20_000, 10_000, crash);
    expect(after).toEqual({ action: 'restart', delayMs: 100 });
    // And the doubling resumes from there.
    expect(policy.onExit(21_000, 20_500, crash)).toEqual({ action: 'restart', delayMs: 200 });
  });

  it('a run just short of stableAfterMs does not reset the delay', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxCrashes: 100, stableAfterMs: 10_000 });
    crashes(policy, 2);
    expect(policy.onExit(30_000, 20_001, crash)).toEqual({ action: 'restart', delayMs: 400 });
  });

  it('gives up after maxCrashes inside the window, and says why', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxCrashes: 3, windowMs: 60_000 });
    const [first, second, third] = crashes(policy, 3);
    expect(first?.action).toBe('restart');
    expect(second?.action).toBe('restart');
    expect(third).toEqual({ action: 'give-up', reason: expect.stringContaining('crashed 3 times in 60 s') });
    expect(third?.action === 'give-up' && third.reason).toContain(crash.message);
  });

  it('does not give up on a crash after a healthy run, whatever crashed before it', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxCrashes: 5, windowMs: 120_000, stableAfterMs: 60_000 });
    crashes(policy, 4);
    // Ran healthily for 60 s, then crashed once: a fresh start, not the fifth strike.
    expect(policy.onExit(70_000, 10_000, crash)).toEqual({ action: 'restart', delayMs: 100 });
  });

  it('forgets crashes older than the window', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxCrashes: 3, windowMs: 10_000, stableAfterMs: 1_000_000 });
    crashes(policy, 2, 0); // at 1 s and 2 s
    // Two more crashes much later: the first two are outside the window, so no give-up.
    expect(policy.onExit(50_000, 49_000, crash).action).toBe('restart');
    expect(policy.onExit(51_000, 50_500, crash).action).toBe('restart');
    // A third one inside the window of the last two does give up.
    expect(policy.onExit(52_000, 51_500, crash).action).toBe('give-up');
  });

  it('gives up at once on a permanent failure, with its message as the reason', () => {
    const policy = new RestartPolicy();
    expect(policy.onExit(1000, 0, { permanent: true, message: 'the data folder is used by another devlog (pid 42)' })).toEqual({
      action: 'give-up',
      reason: 'the data folder is used by another devlog (pid 42)',
    });
  });

  it('reset() forgets the crash history and the backoff', () => {
    const policy = new RestartPolicy({ baseDelayMs: 100, maxCrashes: 3 });
    crashes(policy, 2);
    policy.reset();
    expect(delays(crashes(policy, 2, 10_000))).toEqual([100, 200]);
  });

  it('has sensible defaults (500 ms doubling, 30 s cap, 5 crashes)', () => {
    const policy = new RestartPolicy();
    expect(delays(crashes(policy, 5))).toEqual([500, 1000, 2000, 4000, 'give-up']);
  });
});
