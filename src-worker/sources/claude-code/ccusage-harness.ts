/**
 * Test support: lays shared fixtures out as a Claude config dir, runs the bundled ccusage on it
 * and compares its token sums with ours. ccusage groups "sessions" by the folder holding each
 * file (`projects/<p>/x.jsonl` -> "<p>", a subagent file -> "<p>/<session>/subagents"), while
 * we attribute tokens to real session ids; sums are compared per cluster of folders and
 * sessions linked by at least one usage record (one folder <-> one session for most fixtures).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../testing/cli-process.js';
import type { UsageRecord } from '../types.js';

export interface TokenSums {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

const CCUSAGE = path.join(REPO_ROOT, 'node_modules', 'ccusage', 'dist', 'index.js');

/** Where a shared fixture goes in the layout: `projects/<folder>/<file>`, keeping the subagent tree. */
export function layoutPath(fixtureRoot: string, file: string): string {
  const rel = path.relative(fixtureRoot, file).split(path.sep).join('/');
  const [first, ...rest] = rel.split('/');
  if (rest.length > 0) return `projects/p-${first}/${rest.join('/')}`;
  return `projects/p-${first!.replace(/\.jsonl$/, '')}/${first}`;
}

/** The bytes the collector would have read: up to the last newline (a trailing partial line waits). */
export function committedBytes(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  return bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
}

interface CcusageSession {
  sessionId: string;
  projectPath: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export interface CcusageReport {
  /** Keyed by the folder (relative to projects/) ccusage grouped by. */
  byFolder: Map<string, TokenSums>;
  totals: TokenSums;
}

export function runCcusage(configDir: string, home: string): CcusageReport {
  const env = { PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, CLAUDE_CONFIG_DIR: configDir, NO_COLOR: '1', TZ: 'UTC' };
  const stdout = execFileSync(process.execPath, [CCUSAGE, 'session', '--json', '--offline'], { env, encoding: 'utf8', timeout: 60_000 });
  const report = JSON.parse(stdout) as { sessions: CcusageSession[]; totals: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number } };
  const byFolder = new Map<string, TokenSums>();
  for (const s of report.sessions) {
    const folder = s.projectPath === 'Unknown Project' ? s.sessionId : `${s.projectPath.split(path.sep).join('/')}/${s.sessionId}`;
    byFolder.set(folder, { input: s.inputTokens, output: s.outputTokens, cacheRead: s.cacheReadTokens, cacheCreation: s.cacheCreationTokens });
  }
  const t = report.totals;
  return { byFolder, totals: { input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadTokens, cacheCreation: t.cacheCreationTokens } };
}

/** ccusage reads files oldest first (earliest timestamp of a parseable line); with keep-first, order decides ties. */
export function ccusageFileOrder(files: Array<{ bytes: Buffer }>): number[] {
  const earliest = files.map(({ bytes }) => {
    let min = Infinity;
    for (const line of bytes.toString('utf8').split('\n')) {
      try {
        const ms = Date.parse((JSON.parse(line) as { timestamp?: unknown }).timestamp as string);
        if (ms < min) min = ms;
      } catch {
        // ccusage skips lines it cannot parse
      }
    }
    return min;
  });
  return files.map((_, i) => i).sort((a, b) => earliest[a]! - earliest[b]!);
}

export interface OurUsage {
  folder: string;
  record: UsageRecord;
}

/** Applies each record's onConflict rule by key, in reading order, as the store does. */
export function dedupeUsage(usage: OurUsage[]): OurUsage[] {
  const byKey = new Map<string, OurUsage>();
  for (const u of usage) if (!byKey.has(u.record.key) || u.record.onConflict === 'replace') byKey.set(u.record.key, u);
  return [...byKey.values()];
}

/** Sums per cluster of (ccusage folder, our session) linked by a usage record, for both sides. */
export function compareByCluster(ours: OurUsage[], ccusage: Map<string, TokenSums>): { ours: Record<string, TokenSums>; theirs: Record<string, TokenSums> } {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  for (const u of ours) union(`folder:${u.folder}`, `session:${u.record.sessionNativeId}`);
  const members = new Map<string, string[]>();
  for (const node of [...ours.flatMap((u) => [`folder:${u.folder}`, `session:${u.record.sessionNativeId}`]), ...[...ccusage.keys()].map((f) => `folder:${f}`)]) {
    const list = members.get(find(node)) ?? [];
    if (!list.includes(node)) list.push(node);
    members.set(find(node), list);
  }
  const label = (node: string) => members.get(find(node))!.sort().join(' + ');
  const oursSums: Record<string, TokenSums> = {};
  for (const u of ours) add((oursSums[label(`session:${u.record.sessionNativeId}`)] ??= zero()), u.record);
  const theirs: Record<string, TokenSums> = {};
  for (const [folder, sums] of ccusage) add((theirs[label(`folder:${folder}`)] ??= zero()), sums);
  return { ours: oursSums, theirs };
}

export function sumUsage(usage: OurUsage[]): TokenSums {
  const total = zero();
  for (const u of usage) add(total, u.record);
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
