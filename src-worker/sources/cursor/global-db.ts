/**
 * Cursor's global database (`globalStorage/state.vscdb`, table cursorDiskKV) holds every
 * composer (`composerData:<id>`) and its bubbles (`bubbleId:<id>:<bubble>`). It can be GBs
 * and changes every few seconds while Cursor runs, so composers that did not change since the
 * last read are skipped using ParserState:
 *   state.composers[id] = [byte length of composerData, lastUpdatedAt]
 * A composer is re-read when its length changed, or when it was active recently and its
 * lastUpdatedAt moved (a same-length rewrite). After a restart with empty state everything is
 * read again, which is safe: every record is an upsert by a stable id.
 * Raw records are the rows read (composer without file contents, and its bubbles), keyed by
 * table and key, so the rows can be re-derived from the store alone (src-worker/reparse).
 * One call reads at most about READ_BUDGET_BYTES of values (a first read of a multi-GB DB would
 * not fit in memory as one batch); the rest is left unseen for the next call and
 * state.incomplete is set so the collector can call again at once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NormalizedBatch, ParserState } from '../types.js';
import { asNumber, asText, isRecord, type JsonObject } from '../vscode-family/json-shapes.js';
import { addComposer, inlineBubbles, type BubbleInput } from './composer-records.js';
import { decodeValue, prefixEnd, rowByKey, rowsWithPrefix, valueText } from './kv-values.js';

const COMPOSER_PREFIX = 'composerData:';
/** Composers updated within this window get the (cheap, per-composer) lastUpdatedAt check. */
const ACTIVE_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** Values read per call: bounds one batch (and one commit) on multi-GB databases. */
export const READ_BUDGET_BYTES = 16 * 1024 * 1024;

type Seen = [length: number, lastUpdatedAt: number | null];

export function readGlobalDb(db: BetterSqlite3.Database, state: ParserState, batch: NormalizedBatch, now = Date.now(), budget = READ_BUDGET_BYTES): void {
  const previous = isRecord(state.composers) ? (state.composers as Record<string, Seen>) : {};
  const next: Record<string, Seen> = {};
  const lengths = db
    .prepare('SELECT key, octet_length(value) AS len FROM cursorDiskKV WHERE key >= ? AND key < ?')
    .all(COMPOSER_PREFIX, prefixEnd(COMPOSER_PREFIX)) as { key: string; len: number | null }[];
  let spent = 0;
  let incomplete = false;

  for (const { key, len } of lengths) {
    const composerId = key.slice(COMPOSER_PREFIX.length);
    const length = len ?? 0;
    const seen = previous[composerId];
    if (Array.isArray(seen) && seen[0] === length && !movedSince(db, key, seen[1], now)) {
      next[composerId] = seen;
    } else if (spent >= budget) {
      incomplete = true;
      if (Array.isArray(seen)) next[composerId] = seen; // still changed: read next call
    } else {
      const read = readComposer(db, key, composerId, batch);
      spent += length + read.bubbleBytes;
      next[composerId] = [length, read.lastUpdatedAt];
    }
  }
  state.composers = next;
  if (incomplete) state.incomplete = true;
  else delete state.incomplete;
}

/** Whether a same-length composer may still have changed: only recent ones are checked. */
function movedSince(db: BetterSqlite3.Database, key: string, lastUpdatedAt: number | null, now: number): boolean {
  if (lastUpdatedAt === null || now - lastUpdatedAt > ACTIVE_WINDOW_MS) return false;
  const row = db
    .prepare("SELECT CASE WHEN json_valid(CAST(value AS TEXT)) THEN json_extract(CAST(value AS TEXT), '$.lastUpdatedAt') END AS at FROM cursorDiskKV WHERE key = ?")
    .get(key) as { at: unknown } | undefined;
  return asNumber(row?.at) !== lastUpdatedAt;
}

/** Reads one composer and its bubbles into the batch. */
function readComposer(db: BetterSqlite3.Database, key: string, composerId: string, batch: NormalizedBatch): { lastUpdatedAt: number | null; bubbleBytes: number } {
  const row = rowByKey(db, 'cursorDiskKV', key);
  const decoded = decodeValue(key, row?.value);
  if (row && (!decoded.ok || !isRecord(decoded.json))) batch.raw.push({ table: 'cursorDiskKV', key, text: valueText(row.value) ?? '' });
  if (!decoded.ok || !isRecord(decoded.json)) {
    batch.problems.push(decoded.ok ? { reason: `${key}: composer is not a JSON object` } : decoded.problem);
    return { lastUpdatedAt: null, bubbleBytes: 0 };
  }
  const composer = decoded.json;
  const bubbles = Array.isArray(composer.fullConversationHeadersOnly)
    ? storedBubbles(db, composerId, composer.fullConversationHeadersOnly, batch)
    : inlineBubbles(composer);
  addComposer(batch, { composerId, composer, bubbles });
  batch.raw.push({ table: 'cursorDiskKV', key, text: JSON.stringify(composerHeader(composer)) });
  const bubbleBytes = bubbles.reduce((sum, b) => sum + b.rawText.length, 0);
  return { lastUpdatedAt: asNumber(composer.lastUpdatedAt) ?? null, bubbleBytes };
}

/**
 * Bubbles in the order of the headers. Rows not in the headers (turns rewound or discarded in
 * Cursor) are not shown by Cursor and are left out.
 */
function storedBubbles(db: BetterSqlite3.Database, composerId: string, headers: unknown[], batch: NormalizedBatch): BubbleInput[] {
  const rows = new Map(rowsWithPrefix(db, 'cursorDiskKV', `bubbleId:${composerId}:`).map((r) => [r.key, r.value]));
  const bubbles: BubbleInput[] = [];
  headers.forEach((header, index) => {
    const bubbleId = isRecord(header) ? asText(header.bubbleId) : undefined;
    const key = `bubbleId:${composerId}:${bubbleId}`;
    if (!bubbleId || !rows.has(key)) return;
    batch.raw.push({ table: 'cursorDiskKV', key, text: valueText(rows.get(key)) ?? '' });
    const decoded = decodeValue(key, rows.get(key));
    if (!decoded.ok) batch.problems.push(decoded.problem);
    else if (!isRecord(decoded.json)) batch.problems.push({ reason: `${key}: bubble is not a JSON object` });
    else bubbles.push({ bubbleId, bubble: decoded.json, index, rawText: decoded.text });
  });
  return bubbles;
}

/**
 * The composer without the fields that hold file contents; its inline conversation only when
 * the bubbles are not stored as their own rows (pre-2025 composers).
 */
function composerHeader(composer: JsonObject): JsonObject {
  const { conversation, originalFileStates: _o, codeBlockData: _b, ...header } = composer;
  return Array.isArray(composer.fullConversationHeadersOnly) ? header : { ...header, conversation };
}
