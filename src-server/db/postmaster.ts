import fs from 'node:fs';
import path from 'node:path';

/** What postmaster.pid in a PostgreSQL data folder says about the server running on it. */
export interface PostmasterInfo {
  pid: number;
  port: number;
  /** "starting", "ready", "stopping", ... (line 8 of the file). */
  status: string;
}

export function readPostmaster(pgDir: string): PostmasterInfo | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  return { pid, port, status: (lines[7] ?? '').trim() };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The port of a live PostgreSQL already serving this folder (started by another `devlog serve`
 * or admin command), waiting while it is still starting. Undefined when none runs.
 */
export async function findRunningPostgres(pgDir: string, timeoutMs = 30_000): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = readPostmaster(pgDir);
    if (!info || !isAlive(info.pid)) return undefined;
    if (info.status === 'ready') return info.port;
    if (info.status === 'stopping') return undefined;
    if (Date.now() > deadline) throw new Error(`PostgreSQL in ${pgDir} (pid ${info.pid}) did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
