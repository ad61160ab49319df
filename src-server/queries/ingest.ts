import type pg from 'pg';
import { compareMeta, type MetaStamp } from '../../src-shared/meta-order.js';
import type { IngestBatch, IngestResult, WireRecord } from '../../src-shared/sync-wire.js';
import { CHANGES_CHANNEL, encodeNotice } from '../db/listener.js';
import { inTransaction } from '../db/pool.js';
import type { Principal } from '../http/auth.js';
import { cleanJson } from './sanitize.js';

/** A record reduced to the columns the server compares and indexes by. */
interface Row {
  kind: WireRecord['kind'];
  id: string;
  session_id: string;
  hash: string | null;
  version: number | null;
  updated_by: string | null;
  time: string | null;
  data: WireRecord;
}

type Outcome = 'insert' | 'update' | 'duplicate' | 'stale';

function toRow(record: WireRecord): Row {
  const data = cleanJson(record);
  switch (data.kind) {
    case 'session':
      return { kind: data.kind, id: data.id, session_id: data.id, hash: data.hash, version: null, updated_by: null, time: data.startedAt ?? null, data };
    case 'session_meta':
      return { kind: data.kind, id: data.id, session_id: data.id, hash: null, version: data.version, updated_by: data.updatedBy, time: data.updatedAt, data };
    default:
      return { kind: data.kind, id: data.id, session_id: data.sessionId, hash: data.hash, version: null, updated_by: null, time: data.time ?? null, data };
  }
}

const stamp = (row: Row): MetaStamp => ({ version: row.version!, updatedAt: row.time!, updatedBy: row.updated_by!, deleted: row.data.kind === 'session_meta' && row.data.deleted });

/** Later in the batch wins for content records; for session_meta the shared last-writer-wins order decides. */
function supersedes(next: Row, prev: Row): boolean {
  if (next.kind !== 'session_meta') return true;
  return compareMeta(stamp(next), stamp(prev)) >= 0;
}

/** One row per (kind, id): PostgreSQL cannot upsert the same row twice in one statement. */
function dedupe(records: WireRecord[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const record of records) {
    const row = toRow(record);
    const key = `${row.kind}\u0000${row.id}`;
    const prev = byKey.get(key);
    if (!prev || supersedes(row, prev)) {
      byKey.delete(key); // re-insert so the batch order of the winner is kept
      byKey.set(key, row);
    }
  }
  return [...byKey.values()];
}

const lock = (client: pg.PoolClient, space: number, id: number) => client.query('SELECT pg_advisory_xact_lock($1, $2)', [space, id]);
const USER_LOCK = 1;
const TEAM_LOCK = 2;

/**
 * compareMeta (src-shared/meta-order.ts) in SQL: keep the two in step. A tombstone first (false
 * < true), whole milliseconds (JS dates hold no more) and code-point order of machine ids
 * (COLLATE "C", not the locale's).
 */
const META_KEY = (t: string) =>
  `(coalesce((${t}.data->>'deleted')::boolean, false), ${t}.version, date_trunc('milliseconds', ${t}.time), ${t}.updated_by COLLATE "C")`;

/** Decides each row's fate against what is stored, under the user's lock (so nothing moves meanwhile). */
async function classify(client: pg.PoolClient, userId: number, rows: Row[]) {
  const keys = rows.map((r, i) => ({ i, kind: r.kind, id: r.id, hash: r.hash, version: r.version, time: r.time, updated_by: r.updated_by, data: r.data.kind === 'session_meta' ? { deleted: r.data.deleted } : null }));
  const { rows: out } = await client.query<{ i: number; outcome: Outcome; team_id: number | null }>(
    `SELECT x.i, r.team_id,
            CASE WHEN r.id IS NULL THEN 'insert'
                 WHEN x.kind = 'session_meta' THEN
                   CASE WHEN ${META_KEY('x')} > ${META_KEY('r')} THEN 'update'
                        WHEN ${META_KEY('x')} = ${META_KEY('r')} THEN 'duplicate'
                        ELSE 'stale' END
                 WHEN x.hash = r.hash THEN 'duplicate'
                 ELSE 'update' END AS outcome
       FROM jsonb_to_recordset($1::jsonb) AS x(i int, kind text, id text, hash text, version bigint, time timestamptz, updated_by text, data jsonb)
       LEFT JOIN records r ON r.user_id = $2 AND r.kind = x.kind AND r.id = x.id`,
    [JSON.stringify(keys), userId],
  );
  return out;
}

async function upsert(client: pg.PoolClient, userId: number, teamId: number | null, machine: string, rows: Row[]) {
  if (rows.length === 0) return [];
  const { rows: out } = await client.query<{ seq: string; team_id: number | null }>(
    `INSERT INTO records AS r (user_id, kind, id, session_id, team_id, hash, version, updated_by, time, source_machine, data)
     SELECT $2, x.kind, x.id, x.session_id, $3, x.hash, x.version, x.updated_by, x.time, $4, x.data
       FROM jsonb_to_recordset($1::jsonb)
         AS x(kind text, id text, session_id text, hash text, version bigint, updated_by text, time timestamptz, data jsonb)
     ON CONFLICT (user_id, kind, id) DO UPDATE SET
       session_id = excluded.session_id, team_id = coalesce(excluded.team_id, r.team_id),
       hash = excluded.hash, version = excluded.version, updated_by = excluded.updated_by, time = excluded.time,
       source_machine = excluded.source_machine, data = excluded.data,
       seq = nextval('change_seq'), received_at = now()
     RETURNING r.seq, r.team_id`,
    [JSON.stringify(rows), userId, teamId, machine],
  );
  return out;
}

/** Unchanged content newly shared with the batch's team: only visibility (and seq) change. */
async function reshare(client: pg.PoolClient, userId: number, teamId: number, rows: Row[]) {
  if (rows.length === 0) return [];
  const { rows: out } = await client.query<{ seq: string; team_id: number | null }>(
    `UPDATE records r SET team_id = $3, seq = nextval('change_seq'), received_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(kind text, id text)
      WHERE r.user_id = $2 AND r.kind = x.kind AND r.id = x.id
      RETURNING r.seq, r.team_id`,
    [JSON.stringify(rows.map((r) => ({ kind: r.kind, id: r.id }))), userId, teamId],
  );
  return out;
}

/**
 * Stores a validated batch for `principal`, in one transaction, idempotently.
 *
 * Ordering guarantee for the changes feed: every writer takes an advisory lock on the user and
 * on each team whose rows it changes (user first, teams in id order: no deadlock) BEFORE it draws
 * sequence numbers. So for any one user or team, sequence numbers commit in order and a reader
 * that has seen seq N has already seen everything below it.
 */
export async function ingestBatch(pool: pg.Pool, principal: Principal, batch: IngestBatch, teamId: number | null): Promise<IngestResult> {
  const rows = dedupe(batch.records);
  const result: IngestResult = { received: batch.records.length, inserted: 0, updated: 0, duplicates: batch.records.length - rows.length, stale: 0, cursor: null };
  if (rows.length === 0) return result;

  return inTransaction(pool, async (client) => {
    await lock(client, USER_LOCK, principal.userId);
    const verdicts = (await classify(client, principal.userId, rows)).sort((a, b) => a.i - b.i);
    const toWrite: Row[] = [];
    const toReshare: Row[] = [];
    // Teams whose feed this batch writes to: the batch's own, and the teams already sharing
    // rows whose content changes in a team-less batch (sharing is kept, see IngestBatch).
    const teams = new Set<number>(teamId === null ? [] : [teamId]);
    for (const v of verdicts) {
      const row = rows[v.i]!;
      if (v.outcome === 'insert' || v.outcome === 'update') {
        toWrite.push(row);
        if (v.outcome === 'insert') result.inserted++;
        else result.updated++;
        if (teamId === null && v.team_id !== null) teams.add(v.team_id);
      } else if (teamId !== null && v.team_id !== teamId) {
        toReshare.push(row); // same content, newly shared: a visibility change is an update
        result.updated++;
      } else if (v.outcome === 'stale') result.stale++;
      else result.duplicates++;
    }
    for (const t of [...teams].sort((a, b) => a - b)) await lock(client, TEAM_LOCK, t);

    const written = [
      ...(await upsert(client, principal.userId, teamId, batch.machineId, toWrite)),
      ...(teamId === null ? [] : await reshare(client, principal.userId, teamId, toReshare)),
    ];
    await client.query(
      `INSERT INTO machines (user_id, id, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, id) DO UPDATE SET last_seen = now(), name = coalesce(excluded.name, machines.name)`,
      [principal.userId, batch.machineId, batch.machineName ?? null],
    );
    if (written.length > 0) {
      const cursor = written.reduce((max, w) => (BigInt(w.seq) > BigInt(max) ? w.seq : max), '0');
      const teamIds = [...new Set(written.map((w) => w.team_id).filter((t): t is number => t !== null))];
      result.cursor = cursor;
      // Delivered to every LISTENing server when (and only if) this transaction commits.
      await client.query('SELECT pg_notify($1, $2)', [
        CHANGES_CHANNEL,
        encodeNotice({ userId: principal.userId, owner: principal.user, teamIds, cursor, machine: batch.machineId }),
      ]);
    }
    return result;
  });
}
