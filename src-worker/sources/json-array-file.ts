/**
 * Files that hold one JSON array and are rewritten whole (Cline's task files, Continue's index):
 * each element is kept as its own raw record, so a file saved many times a second costs its
 * elements once in the store, and the array is rebuilt from them for re-derivation.
 */
import type { ProblemRecord, RawRecord } from './types.js';
import { parseWholeJson } from './whole-json.js';

export interface ArrayFile {
  items: unknown[];
  raw: RawRecord[];
  problems: ProblemRecord[];
}

/**
 * The elements of a JSON array file. Throws RetryLaterError when the file is cut off (the writer
 * is mid-save); a broken or non-array file is kept whole as one raw record with a problem.
 */
export function readArrayFile(content: string, what: string): ArrayFile {
  const parsed = parseWholeJson(content);
  if ('error' in parsed) return { items: [], raw: [{ text: content }], problems: [{ reason: `invalid JSON: ${parsed.error}` }] };
  if (!Array.isArray(parsed.value)) return { items: [], raw: [{ text: content }], problems: [{ reason: `wrong shape: expected an array of ${what}` }] };
  const items = parsed.value as unknown[];
  return { items, raw: items.map((item) => ({ text: JSON.stringify(item) })), problems: [] };
}

/** The file's text again from its raw records (the elements, or the whole text it was kept as). */
export function rebuildArray(records: RawRecord[]): string {
  if (records.length === 1 && records[0]!.text.trimStart().startsWith('[')) return records[0]!.text;
  return `[${records.map((r) => r.text).join(',')}]`;
}
