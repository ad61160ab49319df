import type { FormatDriftCount, SourceProblem } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';
import type { ReadableDb } from './database.js';

export interface SourceStats {
  files: number;
  records: number;
  problemCount: number;
  lastEventAt: string | null;
  problems: SourceProblem[];
  /** Records of unknown kinds or fields (format drift), per agent version and item, most first. */
  formatDrift: FormatDriftCount[];
}

/** Drift items listed per agent (the rest are summed into nothing: the top ones say what changed). */
const DRIFT_LIMIT = 20;

/** Per-agent collection figures from the store: used by the live engine and by offline `status`. */
export function readSourceStats(db: ReadableDb, agent: AgentId, problemLimit = 10): SourceStats {
  const files = db
    .prepare('SELECT count(*) AS files, coalesce(sum(records), 0) AS records, max(last_event_at) AS last FROM files WHERE agent = ?')
    .get(agent) as { files: number; records: number; last: string | null };
  const problemCount = (db.prepare('SELECT count(*) AS n FROM problems WHERE agent = ?').get(agent) as { n: number }).n;
  const rows = db.prepare('SELECT path, line, reason, at FROM problems WHERE agent = ? ORDER BY id DESC LIMIT ?').all(agent, problemLimit) as {
    path: string;
    line: number | null;
    reason: string;
    at: string;
  }[];
  const drift = db
    .prepare('SELECT version, item, sum(count) AS count FROM format_drift WHERE agent = ? GROUP BY version, item ORDER BY count DESC, version, item LIMIT ?')
    .all(agent, DRIFT_LIMIT) as { version: string; item: string; count: number }[];
  return {
    formatDrift: drift.map((d) => ({ version: d.version || null, item: d.item, count: d.count })),
    files: files.files,
    records: files.records,
    problemCount,
    lastEventAt: files.last,
    problems: rows.map((p) => (p.line === null ? { file: p.path, message: p.reason, at: p.at } : { file: p.path, line: p.line, message: p.reason, at: p.at })),
  };
}
