import { queueReparse, Reparser, staleFiles, type ReparseProgress } from '../../reparse/reparser.js';
import type { SourceAdapter } from '../../sources/types.js';
import type { ReadableDb, WritableDb } from '../database.js';
import type { SeqAllocator } from '../seq.js';
import { findCounterDrift, fixCounterDrift, type SessionCounters } from '../session-counters.js';
import { check, MAX_EXAMPLES, type DoctorCheck } from './check.js';
import { checkFormatDrift } from './format-drift.js';
import { checkFulltext, rebuildFulltext } from './fulltext.js';
import { checkIntegrity } from './integrity.js';
import { checkOrphans, dropEmptySessions, reattachOrphans } from './orphans.js';

export interface DoctorReport {
  healthy: boolean;
  checks: DoctorCheck[];
}

function describeDrift(stored: SessionCounters, actual: SessionCounters): string {
  return (Object.keys(stored) as (keyof SessionCounters)[])
    .filter((k) => stored[k] !== actual[k])
    .map((k) => `${k} ${stored[k]} (rows say ${actual[k]})`)
    .join(', ');
}

function checkCounters(db: ReadableDb): DoctorCheck {
  const drift = findCounterDrift(db);
  const examples = drift.slice(0, MAX_EXAMPLES).map((d) => `${d.id}: ${describeDrift(d.stored, d.actual)}`);
  return check('counters', 'session counters', drift.length, `${drift.length} sessions whose message, tool call or token counts disagree with their rows`, examples);
}

function checkParserVersions(db: ReadableDb, adapters: readonly SourceAdapter[]): DoctorCheck {
  const stale = staleFiles(db, adapters);
  const current = new Map(adapters.map((a) => [a.agent as string, a.parserVersion]));
  const examples = stale.map((f) => `${f.path} (${f.agent}: parsed by version ${f.parserVersion}, current ${current.get(f.agent) ?? '?'}${f.pending ? ', queued' : ''})`);
  return check('parser-versions', 'parser versions', stale.length, `${stale.length} files whose rows came from an older parser`, examples);
}

/** Every check, read-only unless `writable` (which adds FTS5's token-level integrity-check). */
export function diagnose(db: ReadableDb, adapters: readonly SourceAdapter[], writable: boolean): DoctorReport {
  const checks = [
    checkIntegrity(db),
    checkFulltext(db, 'messages', writable),
    checkFulltext(db, 'tool_calls', writable),
    checkOrphans(db),
    checkCounters(db),
    checkParserVersions(db, adapters),
    checkFormatDrift(db),
  ];
  return { healthy: checks.every((c) => c.ok), checks };
}

export interface StoreOwner {
  db: WritableDb;
  seq: SeqAllocator;
  machineId: string;
}

/**
 * Repairs what `report` found, in an order where each step leaves the next a sound store: the
 * search index first (later steps write through it), orphans re-attached, stale files
 * re-derived, counters last. Returns one line per action taken.
 */
export async function repair(store: StoreOwner, adapters: readonly SourceAdapter[], report: DoctorReport, onProgress?: (p: ReparseProgress) => void): Promise<string[]> {
  const { db, seq } = store;
  const failed = new Set(report.checks.filter((c) => !c.ok).map((c) => c.id));
  const actions: string[] = [];
  if (failed.has('integrity')) {
    // Rebuilds every index from its table: fixes index corruption, the common kind.
    db.exec('REINDEX');
    actions.push('rebuilt every SQLite index (REINDEX)');
  }
  for (const [id, table] of [['messages-index', 'messages'], ['tool-calls-index', 'tool_calls']] as const) {
    if (!failed.has(id)) continue;
    seq.transaction(() => rebuildFulltext(db, table));
    actions.push(`rebuilt the ${table.replace('_', ' ')} search index`);
  }
  let recreated: string[] = [];
  if (failed.has('orphans')) {
    recreated = seq.transaction(() => reattachOrphans(db, seq, store.machineId));
    actions.push(`re-attached orphan rows to ${recreated.length} recreated sessions`);
  }
  if (failed.has('parser-versions')) {
    queueReparse(db, adapters);
    const done = await new Reparser(db, seq, adapters, onProgress).run();
    actions.push(`re-derived ${done.filesDone} files from stored records (${done.failed} failed)`);
    const dropped = seq.transaction(() => dropEmptySessions(db, recreated));
    if (dropped) actions.push(`removed ${dropped} recreated sessions whose rows went back to their own session`);
  }
  const fixed = seq.transaction(() => fixCounterDrift(db, seq));
  if (fixed) actions.push(`recomputed the counters of ${fixed} sessions`);
  return actions;
}
