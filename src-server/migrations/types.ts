import type pg from 'pg';

/** One schema step. Runs inside the migration transaction; never edited once released. */
export interface Migration {
  version: number;
  name: string;
  up(client: pg.PoolClient): Promise<void>;
}
