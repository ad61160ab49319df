import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openReadableDb } from '../../src-worker/store/database.js';
import { querySessions } from '../../src-worker/query/sessions.js';
import { Random } from '../../src-worker/testing/corpus/random.js';
import { childEnv, corpusRoots, dbFile, ensureIngestedStore, type BenchContext } from '../lib/context.js';
import { procCpuSeconds, procMemory, sleep, startProcess } from '../lib/proc.js';
import { metric, type MeasurementResult } from '../lib/result.js';
import { percentile, summarize } from '../lib/stats.js';
import { ftsObjects } from './ingest.js';

/** One Claude Code user line, as Claude Code writes it, whose text holds a unique marker word. */
export function claudeUserLine(opts: { uuid: string; parentUuid: string | null; sessionId: string; cwd: string; time: Date; text: string }): string {
  return JSON.stringify({
    parentUuid: opts.parentUuid,
    isSidechain: false,
    userType: 'external',
    cwd: opts.cwd,
    sessionId: opts.sessionId,
    version: '2.1.14',
    gitBranch: 'main',
    type: 'user',
    message: { role: 'user', content: opts.text },
    uuid: opts.uuid,
    timestamp: opts.time.toISOString(),
  });
}

const POLL_TIMEOUT_MS = 10_000;

interface LiveRun {
  historyMs: number;
  latenciesMs: number[];
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
  idleCpuPercent: number;
  idleRssMb: number;
  idleRssMaxMb: number;
  peakRssMb: number;
  verified: boolean;
}

/**
 * (6) `devlog start` on the ingested store: lines appended to a session file one at a time, each
 * timed from the append until a read-only reader of the store finds its marker in the full-text
 * index; then idle CPU and RSS of the process over a quiet window.
 */
export async function measureLive(ctx: BenchContext): Promise<MeasurementResult> {
  const home = await ensureIngestedStore(ctx);
  const runs: LiveRun[] = [];
  for (let i = 0; i < ctx.options.runs; i++) {
    const run = await liveRun(ctx, home, i);
    runs.push(run);
    ctx.log(
      `  run ${i + 1}: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, max ${run.max.toFixed(0)} ms` +
        `${run.timeouts ? `, ${run.timeouts} not found within ${POLL_TIMEOUT_MS / 1000} s` : ''}; idle CPU ${run.idleCpuPercent.toFixed(2)}%, RSS ${run.idleRssMb.toFixed(0)} MB`,
    );
  }
  const p50 = summarize(runs.map((r) => r.p50));
  const p99 = summarize(runs.map((r) => r.p99));
  const cpu = summarize(runs.map((r) => r.idleCpuPercent));
  const rss = summarize(runs.map((r) => r.idleRssMaxMb));
  const pooled = runs.flatMap((r) => r.latenciesMs);
  const timeouts = runs.reduce((a, r) => a + r.timeouts, 0);
  return {
    id: 'live',
    n: 6,
    title: 'live: devlog start, appended lines, idle',
    metrics: [
      metric('live.p50Ms', `live: append-to-searchable latency p50 (${ctx.options.liveAppends} appends)`, p50.median, 'ms', { samples: p50.samples, target: { op: '<=', value: 50, unit: 'ms' } }),
      metric('live.p99Ms', 'live: append-to-searchable latency p99', p99.median, 'ms', {
        samples: p99.samples,
        target: { op: '<=', value: 250, unit: 'ms' },
        ...(timeouts ? { note: `${timeouts} appends not searchable within ${POLL_TIMEOUT_MS / 1000} s` } : {}),
      }),
      metric('live.idleCpuPercent', `idle CPU over ${ctx.options.idleSeconds} s`, cpu.median, '%', { samples: cpu.samples, target: { op: '<=', value: 0.5, unit: '%' } }),
      metric('live.idleRssMb', 'worker RSS while idle (max over the window)', rss.median, 'MB', { samples: rss.samples, target: { op: '<', value: 200, unit: 'MB' } }),
    ],
    details: {
      runs,
      pooled: { n: pooled.length, p50: percentile(pooled, 50), p90: percentile(pooled, 90), p99: percentile(pooled, 99), max: Math.max(...pooled) },
      method:
        'a Claude Code user line with a unique word is appended; a read-only better-sqlite3 connection polls the FTS index every ~1 ms until the word is found; next append 50-100 ms later',
    },
  };
}

async function liveRun(ctx: BenchContext, home: string, index: number): Promise<LiveRun> {
  // The appended session lives in a second Claude root in the work folder: the corpus is never modified.
  const liveRoot = path.join(ctx.workDir, `live-root-${index}`);
  const cwd = `/home/dev/src/live-${index}`;
  const projectDir = path.join(liveRoot, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
  fs.mkdirSync(projectDir, { recursive: true });
  const rng = new Random(1000 + index);
  const sessionId = rng.uuid();
  const file = path.join(projectDir, `${sessionId}.jsonl`);
  const tag = `zqlive${index}r${Date.now().toString(36)}`;
  let parent = rng.uuid();
  let clock = Date.UTC(2026, 6, 1, 12);
  fs.writeFileSync(file, claudeUserLine({ uuid: parent, parentUuid: null, sessionId, cwd, time: new Date(clock), text: `live benchmark session ${tag}` }) + '\n');

  const proc = startProcess(process.execPath, [ctx.cli, 'start', '--port', '0', ...corpusRoots(ctx.corpus), '--root', `claude-code=${liveRoot}`], {
    env: childEnv(ctx, { DEVLOG_HOME: home }),
  });
  const started = performance.now();
  const db = new Database(dbFile(home), { readonly: true, fileMustExist: true });
  try {
    await proc.waitFor(/history synced/, 15 * 60_000);
    const historyMs = performance.now() - started;
    const table = ftsObjects(db).tables.find((t) => /content\s*=\s*'?messages'?/i.test(t.sql))?.name;
    if (!table) throw new Error('no FTS5 table over messages in the store');
    const find = db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT 1`);
    const latencies: number[] = [];
    let timeouts = 0;
    for (let i = 0; i < ctx.options.liveAppends; i++) {
      const marker = `${tag}n${i}`;
      const uuid = rng.uuid();
      clock += rng.int(1000, 30_000);
      const line = claudeUserLine({ uuid, parentUuid: parent, sessionId, cwd, time: new Date(clock), text: `please look at ${marker} in the cursor watcher` });
      parent = uuid;
      fs.appendFileSync(file, line + '\n');
      const t0 = performance.now();
      let found = false;
      while (performance.now() - t0 < POLL_TIMEOUT_MS) {
        if (find.get(`"${marker}"`)) {
          found = true;
          break;
        }
        await sleep(1);
      }
      if (found) latencies.push(performance.now() - t0);
      else timeouts++;
      await sleep(rng.int(50, 100));
    }
    // The last line is also found by the real query code (the CLI's `devlog query --search`).
    const reader = openReadableDb(dbFile(home));
    const verified = querySessions(reader, { search: `${tag}n${ctx.options.liveAppends - 1}`, limit: 1, snippetsPerSession: 0 }).sessions.length === 1;
    reader.close();

    // Idle: nothing happens; CPU from /proc/PID/stat, RSS from /proc/PID/status once a second.
    await sleep(5_000);
    const cpu0 = procCpuSeconds(proc.pid);
    const t0 = performance.now();
    const rss: number[] = [];
    while (performance.now() - t0 < ctx.options.idleSeconds * 1000) {
      await sleep(1000);
      const mem = procMemory(proc.pid);
      if (mem) rss.push(mem.rssKb / 1024);
    }
    const cpu1 = procCpuSeconds(proc.pid);
    const elapsedS = (performance.now() - t0) / 1000;
    const mem = procMemory(proc.pid);
    if (cpu0 === null || cpu1 === null || !mem) throw new Error(`devlog start exited during the idle window:\n${proc.output().slice(-2000)}`);
    const timesWithTimeouts = [...latencies, ...Array<number>(timeouts).fill(POLL_TIMEOUT_MS)];
    return {
      historyMs,
      latenciesMs: latencies.map((l) => Math.round(l * 100) / 100),
      timeouts,
      p50: percentile(timesWithTimeouts, 50),
      p99: percentile(timesWithTimeouts, 99),
      max: Math.max(...timesWithTimeouts),
      idleCpuPercent: ((cpu1 - cpu0) / elapsedS) * 100,
      idleRssMb: mem.rssKb / 1024,
      idleRssMaxMb: Math.max(...rss, mem.rssKb / 1024),
      peakRssMb: mem.hwmKb / 1024,
      verified,
    };
  } finally {
    db.close();
    await proc.stop();
  }
}
