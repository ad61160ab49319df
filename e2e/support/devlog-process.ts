import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO_ROOT, 'bin', 'devlog.mjs');

/** Fails early and clearly when the build the e2e tests drive is missing. */
export function assertBuilt(): void {
  for (const file of ['dist/cli/devlog.mjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(REPO_ROOT, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` first (npm test does it for you)`);
    }
  }
}

/** A fresh data folder and a fresh user home (so no real agent logs are read), removed by cleanup(). */
export interface TempDirs {
  devlogHome: string;
  userHome: string;
  cleanup(): void;
}

export function makeTempDirs(prefix = 'devlog-e2e-'): TempDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const devlogHome = path.join(root, 'devlog-home');
  const userHome = path.join(root, 'user-home');
  fs.mkdirSync(devlogHome);
  fs.mkdirSync(userHome);
  return { devlogHome, userHome, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export interface HeadlessDevlog {
  child: ChildProcess;
  /** The URL `devlog start` printed, token included. */
  openUrl: string;
  /** The bound port (the real one, also with `--port 0`). */
  port: number;
  token: string;
  /** What the page's own origin is: the only Origin the server accepts. */
  origin: string;
  output(): string;
  /** SIGTERM, then SIGKILL if it does not exit in time; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

const OPEN_LINE = /Open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/;

/** Runs `devlog start --port PORT` as a real child process and waits for its "Open URL" line. */
export async function startHeadless(dirs: Pick<TempDirs, 'devlogHome' | 'userHome'>, port = 0, timeoutMs = 30_000): Promise<HeadlessDevlog> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, 'start', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, DEVLOG_HOME: dirs.devlogHome, HOME: dirs.userHome, USERPROFILE: dirs.userHome, DEVLOG_NATIVE_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async (stopTimeoutMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const m = out.match(OPEN_LINE);
      if (m) return resolve(m);
      if (child.exitCode !== null) return reject(new Error(`devlog start exited (${child.exitCode}) before printing its URL:\n${out}`));
      if (Date.now() - started > timeoutMs) return reject(new Error(`devlog start printed no URL within ${timeoutMs} ms; output:\n${out}`));
      setTimeout(check, 25);
    };
    check();
  }).catch(async (err: unknown) => {
    await stop(2000);
    throw err;
  });

  const boundPort = Number(match[2]);
  return {
    child,
    openUrl: match[1]!,
    port: boundPort,
    token: match[3]!,
    origin: `http://127.0.0.1:${boundPort}`,
    output: () => out,
    stop,
  };
}
