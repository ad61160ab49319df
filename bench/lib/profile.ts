import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext } from './context.js';
import { formatHotFunctions, hotFunctions, readProfile } from './cpu-profile.js';
import { formatBreakdown, readMemoryPeak } from './memory.js';
import { assertOk, type Measured } from './proc.js';
import type { Metric } from './result.js';

/** Which extra profiled runs to take, each with the reason. */
export interface ProfilePlan {
  cpu?: string;
  memory?: string;
}

/** A peak-RSS target: what a memory profile explains (anything else is time, for a CPU profile). */
function isMemoryTarget(m: Metric): boolean {
  return m.target?.unit === 'MB';
}

/**
 * The profiles a measurement takes: a CPU profile when a time or throughput target is missed (or
 * with --profile), a memory profile when a peak-RSS target is missed; none with --no-profile.
 */
export function profilePlan(options: Pick<BenchContext['options'], 'profile' | 'noProfile'>, metrics: readonly Metric[]): ProfilePlan {
  if (options.noProfile) return {};
  const short = metrics.filter((m) => m.check?.mark === 'short');
  const cpu = short.filter((m) => !isMemoryTarget(m)).map((m) => m.label);
  const memory = short.filter(isMemoryTarget).map((m) => m.label);
  return {
    ...(cpu.length ? { cpu: `short of its target: ${cpu.join('; ')}` } : options.profile ? { cpu: 'asked for (--profile)' } : {}),
    ...(memory.length ? { memory: `short of its target: ${memory.join('; ')}` } : {}),
  };
}

/** Runs the measured command once more with extra Node flags and environment. */
export type ProfiledCommand = (nodeArgs: string[], env: Record<string, string>) => Promise<Measured>;

/**
 * Takes the planned profiles, each in a run of its own (a CPU profiler's memory must not count
 * in a memory profile): `node --cpu-prof` (hottest functions by self time, the file kept under
 * bench/results/profiles) and bench/lib/memory-probe.mjs (what the memory held at the peak).
 */
export async function takeProfiles(ctx: BenchContext, label: string, plan: ProfilePlan, run: ProfiledCommand): Promise<Record<string, unknown> | undefined> {
  if (!plan.cpu && !plan.memory) return undefined;
  const dir = path.join(ctx.resultsDir, 'profiles', `${path.basename(ctx.workDir)}-${label}`);
  fs.mkdirSync(dir, { recursive: true });
  const out: Record<string, unknown> = {};
  if (plan.cpu) {
    ctx.log(`  CPU profile of one more run (${plan.cpu})`);
    const r = assertOk(await run(['--cpu-prof', `--cpu-prof-dir=${dir}`], {}), label);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      out.cpu = { reason: plan.cpu, error: 'no .cpuprofile written' };
    } else {
      const hot = hotFunctions(readProfile(path.join(dir, file)), 20);
      ctx.log(`  ${path.relative(ctx.repoRoot, path.join(dir, file))}, self time by function:\n${formatHotFunctions(hot).replace(/^/gm, '    ')}`);
      out.cpu = { reason: plan.cpu, file: path.relative(ctx.repoRoot, path.join(dir, file)), wallMs: r.wallMs, ...hot };
    }
  }
  if (plan.memory) {
    ctx.log(`  memory profile of one more run (${plan.memory})`);
    const file = path.join(dir, 'memory-peak.json');
    const probe = pathToFileURL(path.join(ctx.repoRoot, 'bench', 'lib', 'memory-probe.mjs')).href;
    const r = assertOk(await run([`--import=${probe}`], { DEVLOG_BENCH_MEMORY_OUT: file }), label);
    const memory = readMemoryPeak(file);
    ctx.log(`  memory at the peak: ${'error' in memory ? memory.error : formatBreakdown(memory)}`);
    out.memory = { reason: plan.memory, peakRssKb: r.peakRssKb, ...memory };
  }
  return out;
}
