import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src-worker/testing/cli-process.js';
import { readMemoryPeak } from './memory.js';
import { profilePlan } from './profile.js';
import { metric } from './result.js';

const rss = (mb: number) => metric('x.peakRssMb', 'peak RSS', mb, 'MB', { target: { op: '<', value: 150, unit: 'MB' } });
const ratio = (x: number) => metric('x.ratio', 'throughput ratio', x, 'x', { target: { op: '>=', value: 0.25, unit: 'x' } });

describe('profiles of missed targets', () => {
  it('plans a CPU profile for a missed time target and a memory profile for a missed RSS target', () => {
    const none = { profile: false, noProfile: false };
    expect(profilePlan(none, [rss(100), ratio(0.3)])).toEqual({});
    expect(profilePlan(none, [rss(200), ratio(0.3)])).toEqual({ memory: 'short of its target: peak RSS' });
    expect(profilePlan(none, [rss(100), ratio(0.05)])).toEqual({ cpu: 'short of its target: throughput ratio' });
    expect(profilePlan({ profile: true, noProfile: false }, [rss(100)])).toEqual({ cpu: 'asked for (--profile)' });
    expect(profilePlan({ profile: false, noProfile: true }, [rss(200), ratio(0.05)])).toEqual({});
  });

  it('the memory probe reports what a real process held at its peak', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-probe-')), 'peak.json');
    const probe = pathToFileURL(path.join(REPO_ROOT, 'bench', 'lib', 'memory-probe.mjs')).href;
    // 64 MB of Buffers (outside the V8 heap), held for 300 ms so the 10 ms sampler sees them.
    const script = 'const b = []; for (let i = 0; i < 64; i++) b.push(Buffer.alloc(1 << 20, 1)); setTimeout(() => b.length, 300);';
    const r = spawnSync(process.execPath, [`--import=${probe}`, '-e', script], { env: { ...process.env, DEVLOG_BENCH_MEMORY_OUT: out }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const peak = readMemoryPeak(out);
    if ('error' in peak) throw new Error(peak.error);
    expect(peak.externalMb).toBeGreaterThanOrEqual(64);
    expect(peak.rssMb).toBeGreaterThan(64);
    expect(peak.samples).toBeGreaterThan(5);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
