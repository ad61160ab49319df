import os from 'node:os';
import path from 'node:path';
import { migrate } from './migrate.js';
import { openEmbeddedDatabase } from './embedded.js';
import { openUrlDatabase, type Database } from './pool.js';

/** Where the data goes: an embedded cluster in a folder, or a PostgreSQL server by URL. */
export interface DatabaseChoice {
  data?: string;
  databaseUrl?: string;
}

/** DEVLOG_HOME/server, else the OS app-data folder the app uses, + /server. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.DEVLOG_HOME?.trim();
  if (home) return path.resolve(home, 'server');
  const userHome = os.homedir();
  if (process.platform === 'darwin') return path.join(userHome, 'Library', 'Application Support', 'devlog', 'server');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(userHome, 'AppData', 'Roaming'), 'devlog', 'server');
  return path.join(env.XDG_CONFIG_HOME || path.join(userHome, '.config'), 'devlog', 'server');
}

/** Reads the choice from options and the environment: DATABASE_URL, else --data, else the default folder. */
export function chooseDatabase(opts: { data?: string }, env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const url = env.DATABASE_URL?.trim();
  if (url && opts.data) throw new Error('both DATABASE_URL and --data are set: use one (unset DATABASE_URL to use the embedded database)');
  if (url) return { databaseUrl: url };
  return { data: opts.data ?? defaultDataDir(env) };
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(choice: DatabaseChoice, log?: (line: string) => void): Promise<Database> {
  const db = choice.databaseUrl ? openUrlDatabase(choice.databaseUrl) : await openEmbeddedDatabase(choice.data ?? defaultDataDir(), log);
  try {
    await migrate(db.pool);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
