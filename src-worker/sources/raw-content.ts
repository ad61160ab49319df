/**
 * Rebuilding a file's content from the raw records its parse returned, for re-deriving rows
 * after the file is gone (WholeFileHandler.parseRecords). Each rebuilt text parses as the
 * original did; it need not be byte-identical.
 */
import type { RawRecord } from './types.js';

/** The records as one text, the way a store from before 0004 kept a snapshot. */
export function joinRecords(records: RawRecord[]): string {
  return records.map((r) => r.text).join('\n');
}

/**
 * `{...envelope, [field]: items}` from [envelope, ...items], or undefined when the records are
 * not that shape (a file that failed to parse keeps its whole text as the only record).
 */
export function rebuildEnvelope(records: RawRecord[], field: string): string | undefined {
  if (records.length === 0) return undefined;
  try {
    const envelope = JSON.parse(records[0]!.text) as unknown;
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || field in envelope) return undefined;
    const items = records.slice(1).map((r) => JSON.parse(r.text) as unknown);
    return JSON.stringify({ ...envelope, [field]: items });
  } catch {
    return undefined;
  }
}

/** Lines put back at their line numbers (skipped blank lines become empty lines), '\n'-ended. */
export function rebuildLines(records: RawRecord[]): string {
  const out: string[] = [];
  for (const r of records) {
    if (r.line !== undefined) while (out.length < r.line - 1) out.push('');
    out.push(r.text);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
