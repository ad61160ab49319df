import type { SourceProblem } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';
import type { ReadableDb } from './database.js';

export interface SourceStats {
  files: number;
  records: number;
  problemCount: number;
  lastEventAt: string | null;
  problems: SourceProblem[];
}

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
  return {
    files: files.files,
    records: files.records,
    problemCount,
    lastEventAt: files.last,
    problems: rows.map((p) => (p.line === null ? { file: p.path, message: p.reason, at: p.at } : { file: p.path, line: p.line, message: p.reason, at: p.at })),
  };
}
