import type { UsageConflictRule, UsageRecord } from '../../sources/types.js';

/** A usage row as stored (ids already prefixed with the agent). */
export interface UsageRow {
  key: string;
  session_id: string;
  message_id: string | null;
  time: string | null;
  model: string | null;
  input: number;
  output: number;
  cache_read: number;
  cache_creation: number;
  reasoning: number;
}

export const COUNT_FIELDS = ['input', 'output', 'cache_read', 'cache_creation', 'reasoning'] as const;

/** The row form of an adapter's usage record; `prefix` namespaces its ids (`claude-code:`). */
export function usageRowOf(u: UsageRecord, prefix = ''): UsageRow {
  return {
    key: prefix + u.key,
    session_id: prefix + u.sessionNativeId,
    message_id: u.messageId ? prefix + u.messageId : null,
    time: u.time ?? null,
    model: u.model ?? null,
    input: u.input,
    output: u.output,
    cache_read: u.cacheRead,
    cache_creation: u.cacheCreation,
    reasoning: u.reasoning,
  };
}

/** The record `u` carrying the values of an unprefixed row (after a merge). */
export function withRow(u: UsageRecord, row: UsageRow): UsageRecord {
  return {
    ...u,
    sessionNativeId: row.session_id,
    messageId: row.message_id ?? undefined,
    time: row.time ?? undefined,
    model: row.model ?? undefined,
    input: row.input,
    output: row.output,
    cacheRead: row.cache_read,
    cacheCreation: row.cache_creation,
    reasoning: row.reasoning,
  };
}

function total(r: UsageRow): number {
  return r.input + r.output + r.cache_read + r.cache_creation;
}

/**
 * The row the store keeps when `next` arrives for a key that holds `old`, under next's rule;
 * undefined when nothing changes. max-per-field takes the largest of each count, and the time,
 * model, message and session of the copy with the larger total (the earlier one on a tie), so
 * the final copy of a streamed response wins in whatever order the copies are read.
 */
export function mergeUsage(old: UsageRow, next: UsageRow, rule: UsageConflictRule = 'keep-first'): UsageRow | undefined {
  let merged: UsageRow;
  if (rule === 'keep-first') return undefined;
  if (rule === 'replace') merged = next;
  else {
    merged = { ...(total(next) > total(old) ? next : old) };
    for (const f of COUNT_FIELDS) merged[f] = Math.max(old[f], next[f]);
  }
  return sameRow(old, merged) ? undefined : merged;
}

export function sameRow(a: UsageRow, b: UsageRow): boolean {
  return (
    a.session_id === b.session_id &&
    a.message_id === b.message_id &&
    a.time === b.time &&
    a.model === b.model &&
    COUNT_FIELDS.every((f) => a[f] === b[f])
  );
}

/** Folds the copies of one key within a batch first (in reading order), so each key is written once. */
export function foldUsage<T extends { row: UsageRow; rule: UsageConflictRule }>(items: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const prev = byKey.get(item.row.key);
    if (!prev) {
      byKey.set(item.row.key, item);
      continue;
    }
    const merged = mergeUsage(prev.row, item.row, item.rule);
    if (merged) byKey.set(item.row.key, { ...item, row: merged });
  }
  return [...byKey.values()];
}
