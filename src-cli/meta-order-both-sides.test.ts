import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareMeta } from '../src-shared/meta-order.js';
import { addUser } from '../src-server/admin/users.js';
import type { Database } from '../src-server/db/pool.js';
import { ingestBatch } from '../src-server/queries/ingest.js';
import { startTestPostgres, type TestPostgres } from '../src-server/testing/postgres.js';
import { meta } from '../src-server/testing/records.js';
import type { WireSessionMeta } from '../src-shared/sync-wire.js';
import { openWritableDb } from '../src-worker/store/database.js';
import { migrate } from '../src-worker/store/migrations/index.js';
import { SeqAllocator } from '../src-worker/store/seq.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';
import { applyRemoteMeta, readSessionMeta } from '../src-worker/metadata/index.js';

/**
 * Competing edits of one session that differ in each tie-breaker: version, time (including
 * microseconds that JS dates cannot hold), and machine ids whose order differs between code
 * points, UTF-16 code units and a locale's collation ('B' < 'a', '-' ignored by locales,
 * an astral character above U+FFFF against one just below it).
 */
const EDITS: WireSessionMeta[] = [
  meta('s', 1, { updatedBy: 'a-machine', title: 'v1 a' }),
  meta('s', 2, { updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'zeta', title: 'v2 older' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000Z', updatedBy: 'B', title: 'v2 later B' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000+00:00', updatedBy: 'a', title: 'v2 later a' }),
  meta('s', 2, { updatedAt: '2025-01-02T01:00:00.000+01:00', updatedBy: 'ab', title: 'v2 later ab (same instant, other zone)' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000999Z', updatedBy: 'a-b', title: 'v2 later a-b (sub-ms)' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000Z', updatedBy: '\u{1F600}', title: 'v2 later astral' }),
  meta('s', 2, { updatedAt: '2025-01-02T00:00:00.000Z', updatedBy: '\uFFFD', title: 'v2 later U+FFFD' }),
];

/** A deterministic shuffle, so a failure is reproducible. */
function orders(n: number, count: number): number[][] {
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const out: number[][] = [[...Array(n).keys()], [...Array(n).keys()].reverse()];
  while (out.length < count) {
    const o = [...Array(n).keys()];
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [o[i], o[j]] = [o[j]!, o[i]!];
    }
    out.push(o);
  }
  return out;
}

describe('the local store and the server pick the same winner (real SQLite, real PostgreSQL)', () => {
  const tempHome = useTempHome();
  let pg: TestPostgres;
  let server: Database;

  beforeAll(async () => {
    pg = await startTestPostgres();
    server = await pg.open();
  });
  afterAll(async () => {
    await server?.close();
    await pg?.stop();
  });

  let users = 0;
  /** Feeds `edits` in many orders to a fresh SQLite store and a fresh server user; both must agree at every step. */
  async function resolveEverywhere(edits: WireSessionMeta[]): Promise<string | null | undefined> {
    const best = [...edits].sort(compareMeta).at(-1)!;
    for (const order of orders(edits.length, 12)) {
      const db = openWritableDb(path.join(tempHome(), 'devlog.db'));
      migrate(db);
      const seq = new SeqAllocator(db);
      const user = await addUser(server.pool, `user${users++}`);
      const principal = { tokenId: 0, userId: user.id, user: user.name, teams: [] };
      for (const i of [...order, order[0]!]) {
        const local = applyRemoteMeta(db, seq, edits[i]!);
        const remote = await ingestBatch(server.pool, principal, { machineId: 'm', records: [edits[i]!] }, null);
        const remoteOutcome = remote.stale ? 'stale' : remote.duplicates ? 'duplicate' : 'applied';
        expect(local, `edit ${i} in order ${order.join(',')}`).toBe(remoteOutcome);
      }
      const stored = await server.pool.query("SELECT data FROM records WHERE user_id = $1 AND kind = 'session_meta'", [user.id]);
      expect(stored.rows[0].data.title).toBe(best.title);
      expect(readSessionMeta(db, best.id)?.title).toBe(best.title);
      db.close();
    }
    return best.title;
  }

  it('in every arrival order, with stale and duplicate reported alike', async () => {
    expect(await resolveEverywhere(EDITS)).toBe('v2 later astral');
  });

  it('an old delete beats every later edit on both sides', async () => {
    const tombstone = meta('s', 1, { deleted: true, updatedAt: '2024-01-01T00:00:00.000Z', title: 'deleted' });
    expect(await resolveEverywhere([...EDITS, tombstone])).toBe('deleted');
  });
});

