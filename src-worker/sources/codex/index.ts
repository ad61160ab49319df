/**
 * OpenAI Codex CLI (and the Codex IDE extension / desktop app, which write the same rollouts).
 * Format notes: shared/docs/agent-log-formats.md section 2.
 */
import path from 'node:path';
import { envPathList } from '../platform.js';
import type { AppendHandler, FileHandler, PlatformInfo, SourceAdapter, WholeFileHandler } from '../types.js';
import { joinRecords, rebuildEnvelope } from '../raw-content.js';
import { parseLegacyRollout } from './legacy-rollout.js';
import { parseRolloutLines } from './rollout-parser.js';

/** Every entry of $CODEX_HOME (a comma list is accepted, as ccusage does), else ~/.codex. */
export function codexRoots(p: PlatformInfo): string[] {
  const fromEnv = envPathList(p.env.CODEX_HOME);
  if (fromEnv.length > 0) return fromEnv;
  const home = p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home;
  return [path.join(home, '.codex')];
}

const rolloutHandler: AppendHandler = { kind: 'append', parseLines: parseRolloutLines };
const legacyJsonHandler: WholeFileHandler = {
  kind: 'whole',
  parseFile: parseLegacyRollout,
  // Raw records: {session}, then each item.
  parseRecords: (records, file, state) => parseLegacyRollout(rebuildEnvelope(records, 'items') ?? joinRecords(records), file, state),
};

const APPEND_PATTERNS = [
  /^sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-[^/]+\.jsonl$/, // current
  /^archived_sessions\/rollout-[^/]+\.jsonl$/, // archived threads
  /^archived_sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-[^/]+\.jsonl$/, // in case archiving keeps the dated layout
  /^sessions\/rollout-[^/]+\.jsonl$/, // early Rust builds, flat
];
const LEGACY_JSON = /^sessions\/rollout-[^/]+\.json$/; // TypeScript CLI

export function codexHandlerFor(relPath: string): FileHandler | undefined {
  if (APPEND_PATTERNS.some((re) => re.test(relPath))) return rolloutHandler;
  if (LEGACY_JSON.test(relPath)) return legacyJsonHandler;
  return undefined;
}

export const codexAdapter: SourceAdapter = {
  agent: 'codex',
  displayName: 'Codex CLI',
  defaultRoots: codexRoots,
  // sessions/YYYY/MM/DD/<file>: files sit four directory levels below the root.
  maxDepth: 4,
  // 2: one usage row per billed response with its final counts, odd token counts as problems with
  // their line (stores from 1 are re-derived from their raw records at the first start).
  parserVersion: 2,
  handlerFor: codexHandlerFor,
};
