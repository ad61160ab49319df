import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listJsonl, type BenchContext } from '../lib/context.js';
import { assertOk, runMeasured } from '../lib/proc.js';
import { metric, type MeasurementResult } from '../lib/result.js';
import { mbPerSecond, summarize } from '../lib/stats.js';

export interface ParseAllResult {
  files: number;
  bytes: number;
  lines: number;
  ms: number;
}

/**
 * The JavaScript limit: read every file, split it into lines and JSON.parse each one, nothing
 * else. One thread, files in order, whole-file reads (the cheapest way Node reads these sizes).
 */
export function parseAll(files: readonly string[]): ParseAllResult {
  const started = process.hrtime.bigint();
  let bytes = 0;
  let lines = 0;
  let sink = 0;
  for (const file of files) {
    const buf = fs.readFileSync(file);
    bytes += buf.length;
    const text = buf.toString('utf8');
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      if (nl > start) {
        const value = JSON.parse(text.slice(start, nl)) as { type?: unknown };
        // Touch the result so the parse cannot be optimized away.
        if (value.type !== undefined) sink++;
        lines++;
      }
      start = nl + 1;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (sink < 0) console.log(sink);
  return { files: files.length, bytes, lines, ms };
}

/** Entry of the child process: `node dist/bench/run.mjs __baseline LISTFILE` prints a ParseAllResult. */
export function baselineChild(listFile: string): void {
  const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  process.stdout.write(JSON.stringify(parseAll(files)) + '\n');
}

/** (1) read + split + JSON.parse of every corpus line, in a fresh Node process per run. */
export async function measureBaseline(ctx: BenchContext): Promise<MeasurementResult> {
  const files = [...listJsonl(ctx.corpus.claudeRoot), ...listJsonl(ctx.corpus.codexRoot)];
  const listFile = path.join(ctx.workDir, 'baseline-files.txt');
  fs.writeFileSync(listFile, files.join('\n'));
  const self = fileURLToPath(import.meta.url);
  const runs: Array<ParseAllResult & { wallMs: number; peakRssKb: number | null }> = [];
  for (let i = 0; i < ctx.options.runs; i++) {
    const r = assertOk(await runMeasured(process.execPath, [self, '__baseline', listFile], { env: { PATH: process.env.PATH, HOME: os.tmpdir() } }), 'baseline');
    const parsed = JSON.parse(r.stdout) as ParseAllResult;
    runs.push({ ...parsed, wallMs: r.wallMs, peakRssKb: r.peakRssKb });
    ctx.log(`  run ${i + 1}: ${parsed.lines} lines, ${(parsed.bytes / 1024 / 1024).toFixed(0)} MB in ${parsed.ms.toFixed(0)} ms = ${mbPerSecond(parsed.bytes, parsed.ms).toFixed(0)} MB/s`);
  }
  const mbps = summarize(runs.map((r) => mbPerSecond(r.bytes, r.ms)));
  const linesPerS = summarize(runs.map((r) => r.lines / (r.ms / 1000)));
  ctx.shared.baselineMbPerS = mbps.median;
  return {
    id: 'baseline',
    n: 1,
    title: 'baseline: read + split + JSON.parse (Node)',
    metrics: [
      metric('baseline.mbPerS', 'baseline: read + split + JSON.parse, MB/s', mbps.median, 'MB/s', { samples: mbps.samples }),
      metric('baseline.linesPerS', 'baseline: lines/s', linesPerS.median, 'lines/s', { samples: linesPerS.samples }),
    ],
    details: { runs, note: 'time inside the process (excludes Node startup, ~50 ms); whole-file reads, one thread' },
  };
}
