import type pg from 'pg';
import { addTeam, addTeamMember } from '../admin/teams.js';
import { createToken } from '../admin/tokens.js';
import { addUser } from '../admin/users.js';
import type { ServerOptions } from '../config.js';
import type { Database } from '../db/pool.js';
import { createServer, type RunningServer } from '../index.js';
import type { TestPostgres } from './postgres.js';

export interface TestApp {
  url: string;
  server: RunningServer;
  db: Database;
  pool: pg.Pool;
  /** Lines the server logged: tests assert no internal error slipped through. */
  logs: string[];
  /** Adds a user (and its team memberships) and returns a fresh token for it. */
  user(name: string, teams?: string[]): Promise<string>;
  team(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A server in this process on a migrated database of `pg`, on a free port. */
export async function startTestApp(pgServer: TestPostgres, options: ServerOptions = {}): Promise<TestApp> {
  const db = await pgServer.open();
  const logs: string[] = [];
  const server = await createServer(db, { port: 0, log: (line) => logs.push(line), ...options });
  return {
    url: server.url,
    server,
    db,
    pool: db.pool,
    logs,
    async user(name, teams = []) {
      await addUser(db.pool, name);
      for (const t of teams) await addTeamMember(db.pool, t, name);
      return (await createToken(db.pool, name, 'test')).token;
    },
    async team(name) {
      await addTeam(db.pool, name);
    },
    async close() {
      await server.close();
      await db.close();
    },
  };
}
