import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { DatabaseTooNewError, migrate } from './migrate.js';
import { MIGRATIONS } from '../migrations/index.js';
import { openUrlDatabase, type Database } from './pool.js';

describe('migrations', () => {
  let pg: TestPostgres;
  let db: Database;

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = openUrlDatabase(pg.url);
  });
  afterAll(async () => {
    await db?.close();
    await pg?.stop();
  });

  it('applies every step once, in its own schema, and records the versions', async () => {
    const results = await Promise.all([migrate(db.pool), migrate(db.pool)]); // racing servers
    expect(results.flat()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db.pool)).toEqual([]);
    const { rows } = await db.pool.query('SELECT version, name FROM devlog.schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const publicTables = await db.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(publicTables.rows[0].n).toBe(0);
  });

  it('refuses a database migrated by a newer devlog', async () => {
    await db.pool.query(`INSERT INTO devlog.schema_migrations (version, name) VALUES (999, 'future')`);
    await expect(migrate(db.pool)).rejects.toBeInstanceOf(DatabaseTooNewError);
    await db.pool.query('DELETE FROM devlog.schema_migrations WHERE version = 999');
  });

  it('searches through the GIN index', async () => {
    await db.pool.query('SET enable_seqscan = off');
    const plan = await db.pool.query(`EXPLAIN SELECT id FROM records WHERE search @@ websearch_to_tsquery('simple', 'flaky test')`);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('records_search');
  });
});
