import type { ReadableDb } from '../store/database.js';
import { foldToken } from './highlight.js';

/** A prefix with more terms than this is too broad to check session by session (`co*`: 784 terms at 1M messages). */
export const MAX_PREFIX_TERMS = 64;
const VOCABS = [
  { name: 'devlog_messages_vocab', fts: 'messages_fts' },
  { name: 'devlog_tool_calls_vocab', fts: 'tool_calls_fts' },
] as const;
/** `"word"*` as buildMatchExpression writes a one-token prefix. */
const PREFIX_PART = /"([\p{L}\p{N}\p{Mn}\p{Co}]+)"\*/gu;

/**
 * Rewrites each one-word prefix of a 'words' match (`"migr"*`) as the terms the index holds
 * with that prefix (`("migrate" OR "migration")`). FTS5 answers a prefix by merging the match
 * lists of all its terms before the first row, on every statement: each rowid-range check of
 * the session walk would pay that again. The terms come from fts5vocab tables, made per
 * connection in its temp schema (nothing is written to the store).
 */
export function expandPrefixes(db: ReadableDb, match: string): { match: string; tooBroad: string[] } {
  const tooBroad: string[] = [];
  if (!PREFIX_PART.test(match)) return { match, tooBroad };
  PREFIX_PART.lastIndex = 0;
  for (const v of VOCABS) db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${v.name} USING fts5vocab(main, '${v.fts}', 'row')`);
  const lookups = VOCABS.map((v) => db.prepare(`SELECT term FROM temp.${v.name} WHERE term >= @lo AND term < @hi LIMIT ${MAX_PREFIX_TERMS + 1}`).pluck());
  const expanded = match.replace(PREFIX_PART, (whole, word: string) => {
    const lo = foldToken(word);
    const terms = new Set<string>();
    for (const lookup of lookups) for (const t of lookup.all({ lo, hi: `${lo}\u{10FFFF}` }) as string[]) terms.add(t);
    if (terms.size > MAX_PREFIX_TERMS) tooBroad.push(`${word}*`);
    if (terms.size === 0 || terms.size > MAX_PREFIX_TERMS) return whole;
    return `(${[...terms].map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`;
  });
  return { match: expanded, tooBroad };
}
