import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const NOBODY = 65534;

/** Runs `devlog ARGS` as user nobody when we are root (root ignores file modes), else as ourselves. */
function runAsOther(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The data folder and its files made read-only for whoever runsAsOther (a backup on read-only media). */
function makeReadOnly(home: string): void {
  const asRoot = process.getuid?.() === 0;
  for (const name of fs.readdirSync(home)) {
    const file = path.join(home, name);
    if (asRoot) fs.chownSync(file, NOBODY, NOBODY);
    fs.chmodSync(file, 0o400);
  }
  if (asRoot) fs.chownSync(home, NOBODY, NOBODY);
  fs.chmodSync(home, 0o500);
}

function writeSession(root: string): void {
  const project = path.join(root, 'projects', '-home-dev-app');
  fs.mkdirSync(project, { recursive: true });
  const line = { type: 'user', sessionId: 'ro-1', uuid: 'ro-u1', cwd: '/home/dev/app', timestamp: '2026-01-02T03:04:05.000Z', message: { role: 'user', content: 'read me from a backup' } };
  fs.writeFileSync(path.join(project, 'ro-1.jsonl'), JSON.stringify(line) + '\n');
}

describe('opening the store', () => {
  const tempDir = useTempHome('devlog-store-files-');

  it('query, show and stats read a store in a read-only folder, without writing -wal/-shm', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755); // Let the other user reach the store.
    const env = { DEVLOG_HOME: path.join(dir, 'devlog'), HOME: dir, USERPROFILE: dir };
    writeSession(path.join(dir, 'agent'));
    const sync = await runCli(['collect', '--json', '--root', `claude-code=${path.join(dir, 'agent')}`], env);
    expect(JSON.parse(sync.stdout)).toMatchObject({ sessions: 1 });
    makeReadOnly(env.DEVLOG_HOME);
    try {
      await expectReadable(env);
    } finally {
      fs.chmodSync(env.DEVLOG_HOME, 0o700); // So the temp folder can be removed by a non-root run.
    }
  });

  async function expectReadable(env: Record<string, string> & { DEVLOG_HOME: string }): Promise<void> {
    const before = fs.readdirSync(env.DEVLOG_HOME).sort();

    const query = await runAsOther(['query', '--json'], env);
    expect(query.stderr).toBe('');
    expect(JSON.parse(query.stdout).sessions).toEqual([expect.objectContaining({ nativeId: 'ro-1' })]);
    // A prefix search makes fts5vocab tables in the connection's temp schema: nothing beside the store.
    const search = await runAsOther(['query', '--search', 'back*', '--json'], env);
    expect(search.stderr).toBe('');
    expect(JSON.parse(search.stdout).sessions).toEqual([expect.objectContaining({ nativeId: 'ro-1' })]);
    const show = await runAsOther(['show', 'ro-1', '--format', 'md'], env);
    expect(show.stderr).toBe('');
    expect(show.stdout).toContain('read me from a backup');
    const stats = await runAsOther(['stats', '--json', '--by', 'agent'], env);
    expect(stats.stderr).toBe('');
    expect(JSON.parse(stats.stdout).total).toMatchObject({ sessions: 1, messages: 1 });
    expect(fs.readdirSync(env.DEVLOG_HOME).sort()).toEqual(before);
  }

  it('a store that is not a database is named in the error', async () => {
    const home = tempDir();
    const db = path.join(home, 'devlog.db');
    fs.writeFileSync(db, 'this is a text file, not SQLite '.repeat(200));
    for (const args of [['query'], ['stats'], ['collect']]) {
      const out = await runCli(args, { DEVLOG_HOME: home, HOME: home });
      expect(out.stderr, args.join(' ')).toBe(`devlog: ${db}: file is not a database\n`);
      expect(out.code).toBe(1);
    }
  });

  it('a broken config.json is named with the field at fault', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, historyDays: 'seven' }));
    const out = await runCli(['collect'], { DEVLOG_HOME: home, HOME: home });
    expect(out.stderr).toMatch(new RegExp(`^devlog: ${path.join(home, 'config.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: field historyDays: .*\n$`));
    expect(out.code).toBe(2);
  });
});
