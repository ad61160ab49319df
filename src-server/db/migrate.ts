import type pg from 'pg';
import { MIGRATIONS } from '../migrations/index.js';
import type { Migration } from '../migrations/types.js';
import { SCHEMA, inTransaction } from './pool.js';

/** Any fixed number: serializes servers that start at the same time against one database. */
const MIGRATION_LOCK = 735_601;

export class DatabaseTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the database is at schema version ${found}, but this devlog server only knows up to ${known}: upgrade devlog`);
    this.name = 'DatabaseTooNewError';
  }
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

/** Brings the schema up to date in one transaction; returns the versions it applied. */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Checked first: CREATE SCHEMA needs the CREATE privilege even when the schema exists.
    const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [SCHEMA]);
    if (schema.rowCount === 0) await client.query(`CREATE SCHEMA ${SCHEMA}`);
    await client.query(`SET LOCAL search_path TO ${SCHEMA}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > migrations.length) throw new DatabaseTooNewError(current, migrations.length);
    const applied: number[] = [];
    for (const m of migrations.slice(current)) {
      await m.up(client);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
