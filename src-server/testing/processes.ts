import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Bundles testing/run-server.ts (the server's commands, as `devlog` has them) into one .mjs that
 * plain node runs. It is written under node_modules/.cache so its bare imports (pg, zod, ...)
 * resolve from the repository's node_modules.
 */
export async function buildRunner(): Promise<{ file: string; remove(): void }> {
  const dir = path.join(REPO_ROOT, 'node_modules', '.cache', 'devlog-server-test');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `run-server-${process.pid}-${crypto.randomBytes(4).toString('hex')}.mjs`);
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.join(REPO_ROOT, 'src-server', 'testing', 'run-server.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return { file, remove: () => fs.rmSync(file, { force: true }) };
}

/** The environment for a child: this one without DATABASE_URL, plus `env`. */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  delete out.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `serve ARGS` and waits for its "listening on URL" line. */
export async function spawnServe(runner: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [runner, 'serve', ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) return resolve(m[1]!);
      if (child.exitCode !== null) return reject(new Error(`serve exited (${child.exitCode}) before listening:\n${out}`));
      if (Date.now() - started > timeoutMs) {
        child.kill('SIGKILL');
        return reject(new Error(`serve did not start within ${timeoutMs} ms:\n${out}`));
      }
      setTimeout(check, 25);
    };
    check();
  });
  return {
    child,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs one command (`server user add ada`, ...) to completion. */
export function runCommand(runner: string, args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runner, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
