import type { ReadableDb } from '../database.js';
import { MAX_EXAMPLES, type DoctorCheck } from './check.js';

/**
 * Records of kinds or with fields an adapter does not know (migration 0007), per agent and
 * agent version. A notice, not a fault: the store is sound and the records are kept raw, but a
 * new agent release may carry data devlog does not read yet (a parser update re-derives it).
 */
export function checkFormatDrift(db: ReadableDb): DoctorCheck {
  const rows = db
    .prepare('SELECT agent, version, item, sum(count) AS count FROM format_drift GROUP BY agent, version, item ORDER BY count DESC, agent, version, item')
    .all() as { agent: string; version: string; item: string; count: number }[];
  const total = rows.reduce((n, r) => n + r.count, 0);
  const agents = new Set(rows.map((r) => r.agent)).size;
  return {
    id: 'format-drift',
    title: 'format drift',
    ok: true,
    found: total,
    summary: total === 0 ? 'ok' : `${total} records of unknown kinds or with unknown fields, from ${agents} agent${agents === 1 ? '' : 's'} (kept raw; a newer devlog may read them)`,
    examples: rows.slice(0, MAX_EXAMPLES).map((r) => `${r.agent}${r.version ? ` ${r.version}` : ''}: ${r.item} ×${r.count}`),
  };
}
