/**
 * Test support: lays Claude Code files out as a Claude config dir, runs the native ccusage 20
 * (`ccusage claude daily --json --offline`) on it, and applies the store's usage rules to our
 * parsed records, so the two can be compared per day and in total.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { foldUsage, usageRowOf, withRow } from '../../store/ingest/usage-merge.js';
import { ccusageNativeBin } from '../../testing/peers.js';
import type { UsageRecord } from '../types.js';

export interface TokenSums {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** Where a shared fixture goes in the layout: `projects/<folder>/<file>`, keeping the subagent tree. */
export function layoutPath(fixtureRoot: string, file: string): string {
  const rel = path.relative(fixtureRoot, file).split(path.sep).join('/');
  const [first, ...rest] = rel.split('/');
  if (rest.length > 0) return `projects/p-${first}/${rest.join('/')}`;
  return `projects/p-${first!.replace(/\.jsonl$/, '')}/${first}`;
}

/** Writes files (relative path -> bytes) under a config dir. */
export function writeConfigDir(configDir: string, files: Array<{ relPath: string; bytes: Buffer }>): void {
  for (const f of files) {
    const target = path.join(configDir, ...f.relPath.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.bytes);
  }
}

/** The bytes the collector would have read: up to the last newline (a trailing partial line waits). */
export function committedBytes(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  return bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
}

export interface CcusageDaily {
  /** Keyed by the day (YYYY-MM-DD in the given time zone). */
  days: Map<string, TokenSums>;
  totals: TokenSums;
}

interface CcusageCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

const sums = (c: CcusageCounts): TokenSums => ({ input: c.inputTokens, output: c.outputTokens, cacheRead: c.cacheReadTokens, cacheCreation: c.cacheCreationTokens });

/**
 * `ccusage claude daily --json --offline` over one config dir (or `ccusage codex daily` over a
 * CODEX_HOME), days in time zone `tz` (passed as TZ, which ccusage honours like devlog). `args`
 * adds e.g. `--since 20260120`. HOME is an empty folder, so nothing of the machine's own is read.
 */
export function runCcusageDaily(configDir: string, home: string, tz = 'UTC', args: string[] = [], agent: 'claude' | 'codex' = 'claude'): CcusageDaily {
  const dirVar = agent === 'claude' ? 'CLAUDE_CONFIG_DIR' : 'CODEX_HOME';
  const env = { PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, [dirVar]: configDir, NO_COLOR: '1', TZ: tz };
  const stdout = execFileSync(ccusageNativeBin(), [agent, 'daily', '--json', '--offline', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  // With no usage at all ccusage prints a plain notice instead of JSON.
  if (!stdout.trimStart().startsWith('{')) return { days: new Map(), totals: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 } };
  const report = JSON.parse(stdout) as { daily: Array<CcusageCounts & { date: string }>; totals: CcusageCounts };
  return { days: new Map(report.daily.map((d) => [d.date, sums(d)])), totals: sums(report.totals) };
}

/** What the store keeps of these records: each key's copies folded by the record's own rule, in reading order. */
export function keptUsage(records: UsageRecord[]): UsageRecord[] {
  return foldUsage(records.map((u) => ({ row: usageRowOf(u), rule: u.onConflict ?? 'keep-first', record: u }))).map(({ row, record }) => withRow(record, row));
}

/** Token sums per UTC day of each record's time (ccusage skips lines without a time; here those hold no tokens). */
export function sumByUtcDay(usage: UsageRecord[]): Map<string, TokenSums> {
  const days = new Map<string, TokenSums>();
  for (const u of usage) {
    if (!u.time && u.input + u.output + u.cacheRead + u.cacheCreation === 0) continue;
    const day = (u.time ?? '(none)').slice(0, 10);
    add(days.get(day) ?? days.set(day, zero()).get(day)!, u);
  }
  return days;
}

export function sumUsage(usage: TokenSums[]): TokenSums {
  const total = zero();
  for (const u of usage) add(total, u);
  return total;
}

function zero(): TokenSums {
  return { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
}

function add(into: TokenSums, from: TokenSums): void {
  into.input += from.input;
  into.output += from.output;
  into.cacheRead += from.cacheRead;
  into.cacheCreation += from.cacheCreation;
}
