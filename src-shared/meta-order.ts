/**
 * The one last-writer-wins order of user metadata (session_meta), shared by the local store
 * (src-worker/metadata) and the sync server (src-server/queries/ingest.ts), so every machine
 * and the server pick the same winner from the same edits:
 *
 * 0. a delete (tombstone) wins over any edit that is not one: a deleted session never comes
 *    back, whatever another machine that had not seen the delete did to it meanwhile,
 * 1. then the higher version (each edit is the stored version + 1),
 * 2. then the later updatedAt, compared in whole milliseconds (what JS dates hold),
 * 3. then the greater machine id (updatedBy), compared by Unicode code point, which is the
 *    byte order of UTF-8 and so PostgreSQL's `COLLATE "C"`.
 *
 * The server also compares in SQL; that SQL mirrors this function (see ingest.ts).
 */

export interface MetaStamp {
  version: number;
  /** ISO 8601 date-time with an offset. */
  updatedAt: string;
  /** The machine that made the edit. */
  updatedBy: string;
  deleted: boolean;
}

/** > 0 when a wins over b, < 0 when b wins, 0 when they are the same edit. */
export function compareMeta(a: MetaStamp, b: MetaStamp): number {
  if (a.deleted !== b.deleted) return a.deleted ? 1 : -1;
  if (a.version !== b.version) return a.version > b.version ? 1 : -1;
  const dt = metaTime(a.updatedAt) - metaTime(b.updatedAt);
  if (dt !== 0) return dt > 0 ? 1 : -1;
  return compareCodePoints(a.updatedBy, b.updatedBy);
}

/** Milliseconds since the epoch; an unreadable time sorts first (it can never win a tie). */
export function metaTime(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** String order by code point (UTF-16 code-unit order differs for astral characters). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d > 0 ? 1 : -1;
  }
}
