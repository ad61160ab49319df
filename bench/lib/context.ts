import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateCorpus, type CorpusInfo } from '../../src-worker/testing/corpus/generate.js';
import type { BenchOptions } from './options.js';
import { assertOk, runMeasured, type Measured } from './proc.js';

export interface Corpus extends CorpusInfo {
  dir: string;
  sizeMb: number;
  seed: number;
  /** Identifies the generator version the corpus came from (a hash of src-worker/testing/corpus/*.ts). */
  generator: string;
  generateMs: number | null;
}

/** What earlier measurements hand to later ones (all optional: any measurement may be skipped). */
export interface Shared {
  baselineMbPerS?: number;
  ingest?: { medianMs: number; home: string; records: number; messages: number };
  peers?: Partial<Record<PeerKey, { label: string; medianMs: number; totals: UsageTotals }>>;
}

/** The peers (3) measures: ccusage JS and native, tokscale with a cold and a warm cache. */
export type PeerKey = 'js' | 'native' | 'tokscaleCold' | 'tokscale';

export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export interface BenchContext {
  options: BenchOptions;
  repoRoot: string;
  /** The CLI bundle the measurements run: dist/bench/cli/devlog.mjs, built with the runner. */
  cli: string;
  dataDir: string;
  /** A fresh folder for this run's stores and homes (deleted at the end unless --keep). */
  workDir: string;
  resultsDir: string;
  /** An empty HOME for every child process, so nothing reads the real home. */
  fakeHome: string;
  corpus: Corpus;
  shared: Shared;
  log(line: string): void;
}

/** The repository root: the nearest folder above `from` whose package.json is devlog's. */
export function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'devlog') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no devlog package.json above ${from}`);
    dir = up;
  }
}

/** A short hash of the generator's sources: a changed generator gets a new corpus folder. */
export function generatorVersion(repoRoot: string): string {
  const dir = path.join(repoRoot, 'src-worker', 'testing', 'corpus');
  const hash = crypto.createHash('sha1');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) {
    hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  return hash.digest('hex').slice(0, 8);
}

/** Generates the corpus once per (size, seed, generator) under bench/data and reuses it after. */
export function prepareCorpus(dataDir: string, repoRoot: string, sizeMb: number, seed: number, log: (s: string) => void): Corpus {
  const generator = generatorVersion(repoRoot);
  const dir = path.join(dataDir, `corpus-${sizeMb}mb-seed${seed}-${generator}`);
  const marker = path.join(dir, 'corpus.json');
  if (fs.existsSync(marker)) {
    const info = JSON.parse(fs.readFileSync(marker, 'utf8')) as Corpus;
    log(`corpus: reusing ${path.relative(repoRoot, dir)} (${info.files} files, ${(info.bytes / 1024 / 1024).toFixed(0)} MB)`);
    return { ...info, generateMs: null };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  log(`corpus: generating ${sizeMb} MB (seed ${seed}) in ${path.relative(repoRoot, dir)} ...`);
  const started = Date.now();
  const info = generateCorpus({ dir, sizeMb, seed });
  const corpus: Corpus = { ...info, dir, sizeMb, seed, generator, generateMs: Date.now() - started };
  fs.writeFileSync(marker, JSON.stringify(corpus, null, 2));
  log(`corpus: ${info.files} files, ${(info.bytes / 1024 / 1024).toFixed(0)} MB in ${((corpus.generateMs ?? 0) / 1000).toFixed(1)} s`);
  return corpus;
}

/** Every .jsonl file under a folder (sorted, so every run reads in the same order). */
export function listJsonl(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads every corpus file once, so no measurement pays for a cold page cache and others not. */
export function warmPageCache(files: readonly string[]): number {
  let bytes = 0;
  const buf = Buffer.alloc(4 * 1024 * 1024);
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    try {
      let n: number;
      while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) bytes += n;
    } finally {
      fs.closeSync(fd);
    }
  }
  return bytes;
}

/** A minimal environment for children: no real HOME, no agent env vars, UTC, the same PATH. */
export function childEnv(ctx: Pick<BenchContext, 'fakeHome'>, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: ctx.fakeHome, TZ: 'UTC', LANG: 'C.UTF-8', ...extra };
}

/** --root flags that point devlog at the corpus. */
export function corpusRoots(corpus: Pick<Corpus, 'claudeRoot' | 'codexRoot'>): string[] {
  return ['--root', `claude-code=${corpus.claudeRoot}`, '--root', `codex=${corpus.codexRoot}`];
}

/** Runs `devlog ARGS` (the built bundle, plain node) with DEVLOG_HOME=home, measured. */
export function runDevlog(ctx: BenchContext, home: string, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<Measured> {
  return runMeasured(process.execPath, [...nodeArgs, ctx.cli, ...args], { env: childEnv(ctx, { DEVLOG_HOME: home, ...env }) });
}

let storeCounter = 0;
/** A new, empty DEVLOG_HOME under the work folder. */
export function freshHome(ctx: BenchContext, label: string): string {
  const home = path.join(ctx.workDir, `${label}-${++storeCounter}`);
  fs.mkdirSync(home, { recursive: true });
  return home;
}

/**
 * A store holding the whole corpus, for the measurements that need one (stats, resume, live,
 * search): the last ingest run's store, or one synced now when the ingest was skipped.
 */
export async function ensureIngestedStore(ctx: BenchContext): Promise<string> {
  if (ctx.shared.ingest) return ctx.shared.ingest.home;
  const home = freshHome(ctx, 'store');
  ctx.log('  (no ingest measured in this run: syncing the corpus into a store first)');
  const r = assertOk(await runDevlog(ctx, home, ['sync', '--once', '--json', ...corpusRoots(ctx.corpus)]), 'devlog sync --once');
  const summary = JSON.parse(r.stdout) as { records: number; messages: number };
  ctx.shared.ingest = { medianMs: r.wallMs, home, records: summary.records, messages: summary.messages };
  return home;
}

export function dbFile(home: string): string {
  return path.join(home, 'devlog.db');
}
