// The benchmark suite: `npm run bench -- [--size MB] [--runs N] [--only a,b] [--skip a,b] ...`.
// Builds nothing itself: the npm script runs bench/build.mjs first (this runner + a CLI snapshot).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { baselineChild, measureBaseline } from './measure/baseline.js';
import { measureCcusage } from './measure/ccusage.js';
import { measureExport } from './measure/export.js';
import { measureIngest } from './measure/ingest.js';
import { measureLargeFile } from './measure/large-file.js';
import { measureLive } from './measure/live.js';
import { measureRedaction } from './measure/redaction.js';
import { measureResume } from './measure/resume.js';
import { measureSearch } from './measure/search.js';
import { measureStats } from './measure/stats.js';
import { findRepoRoot, listJsonl, prepareCorpus, warmPageCache, type BenchContext } from './lib/context.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { parseOptions, selected, USAGE, type MeasurementId } from './lib/options.js';
import { hasGnuTime, killStarted } from './lib/proc.js';
import { renderMarkdownTable, renderTextTable, resultNotes, type MeasurementResult } from './lib/result.js';

const RUNNERS: Record<MeasurementId, { n: number; title: string; run: (ctx: BenchContext) => Promise<MeasurementResult> }> = {
  baseline: { n: 1, title: 'baseline: read + split + JSON.parse', run: measureBaseline },
  ingest: { n: 2, title: 'devlog first sync --once', run: measureIngest },
  ccusage: { n: 3, title: 'peers: ccusage', run: measureCcusage },
  stats: { n: 4, title: 'devlog stats vs ccusage', run: measureStats },
  resume: { n: 5, title: 'resume', run: measureResume },
  live: { n: 6, title: 'live', run: measureLive },
  search: { n: 7, title: 'search at 1M messages', run: measureSearch },
  export: { n: 8, title: 'export', run: measureExport },
  'large-file': { n: 9, title: 'single large file', run: measureLargeFile },
  redaction: { n: 10, title: 'redaction before export', run: measureRedaction },
};

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '__baseline') {
    baselineChild(argv[1]!);
    return 0;
  }
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
  // The CLI snapshot bench/build.mjs made beside this runner (not dist/cli, which others rebuild).
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli', 'devlog.mjs');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run bench\` (it builds the runner and the CLI first)`);
  const dataDir = path.join(repoRoot, 'bench', 'data');
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  const started = new Date();
  const workDir = path.join(dataDir, `work-${stamp(started)}`);
  const fakeHome = path.join(workDir, 'home');
  fs.mkdirSync(fakeHome, { recursive: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  const log = (line: string) => console.log(line);

  const memDb = new Database(':memory:');
  const sqlite = (memDb.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memDb.close();
  const machine = machineInfo(repoRoot, sqlite);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  log(`devlog benchmark: ${command}`);
  log(`machine: ${describeMachine(machine)}`);
  log(`peak RSS of child processes: ${hasGnuTime() ? 'GNU time (wait4 rusage)' : '/proc/PID/status VmHWM polling (install Debian package `time` for exact numbers)'}`);

  const corpus = prepareCorpus(dataDir, repoRoot, options.sizeMb, options.seed, log);
  const files = [...listJsonl(corpus.claudeRoot), ...listJsonl(corpus.codexRoot)];
  warmPageCache(files);
  const ctx: BenchContext = { options, repoRoot, cli, dataDir, workDir, resultsDir, fakeHome, corpus, shared: {}, log };

  const results: MeasurementResult[] = [];
  for (const id of selected(options)) {
    const runner = RUNNERS[id];
    log(`\n(${runner.n}) ${runner.title}`);
    const t = performance.now();
    try {
      const result = await runner.run(ctx);
      result.durationMs = Math.round(performance.now() - t);
      results.push(result);
    } catch (err) {
      const message = err instanceof Error ? err.stack ?? err.message : String(err);
      log(`  FAILED: ${message}`);
      results.push({ id, n: runner.n, title: runner.title, metrics: [], details: {}, error: err instanceof Error ? err.message : String(err), durationMs: Math.round(performance.now() - t) });
    }
  }

  const finished = new Date();
  const corpusLine = `corpus: ${corpus.files} files, ${(corpus.bytes / 1024 / 1024).toFixed(0)} MB (seed ${corpus.seed}); medians of ${options.runs} runs`;
  const notes = resultNotes(results);
  log(`\n${corpusLine}\n${renderTextTable(results)}${notes.length ? `\n\nnotes:\n${notes.map((n) => `  ${n}`).join('\n')}` : ''}`);
  const report = {
    command,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: Math.round((finished.getTime() - started.getTime()) / 1000),
    machine,
    options,
    corpus: { ...corpus, dir: path.relative(repoRoot, corpus.dir) },
    peakRssMethod: hasGnuTime() ? 'GNU time -f %M (wait4 rusage)' : '/proc/PID/status VmHWM polling',
    results,
  };
  const json = JSON.stringify(report, null, 2) + '\n';
  const file = path.join(resultsDir, `${stamp(started)}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), json);
  const md = [
    `Command: \`${command}\` (${started.toISOString().slice(0, 10)}, ${report.durationS} s)`,
    '',
    `Machine: ${describeMachine(machine)}`,
    '',
    corpusLine,
    '',
    renderMarkdownTable(results),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), md);
  log(`\nresults: ${path.relative(process.cwd(), file)} (and latest.json, latest.md)`);
  if (!options.keep) fs.rmSync(workDir, { recursive: true, force: true });
  return results.some((r) => r.error) ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killStarted();
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    killStarted();
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
