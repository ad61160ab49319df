import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionQueryResult } from '../src-shared/contract/index.js';
import { writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';
import { loadSqlite } from '../src-worker/native.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { startIsolatedEngine } from '../src-worker/testing/isolated-engine.js';

/** `devlog backup` beside a running `devlog start` that keeps writing, and `devlog restore` (CLI processes). */
describe('devlog backup / restore', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-backup-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  const sessionIds = async (env: Record<string, string>) => {
    const r = await runCli(['query', '--json', '--limit', '10000'], env);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as SessionQueryResult).sessions.map((s) => s.id).sort();
  };

  it('a backup taken while the engine collects restores every session it had, consistent (doctor)', async () => {
    const dir = tempDir();
    const root = path.join(dir, 'roots', 'claude-code');
    const first = writeClaudeSessions(root, { '/home/ada/work/app': 6 }, 21, 20_000).sort();
    const engine = await startIsolatedEngine(dir);
    cleanup.push(() => engine.cli.stop());
    const env = { DEVLOG_HOME: engine.home, TZ: 'UTC' };
    for (let i = 0; i < 400 && (await sessionIds(env)).length < first.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await sessionIds(env)).toEqual(first);

    // More sessions keep arriving while the backup runs: the engine writes throughout.
    let writing = true;
    let batch = 0;
    const writer = (async () => {
      while (writing) {
        writeClaudeSessions(root, { [`/home/ada/work/more-${batch}`]: 2 }, 100 + batch++, 20_000);
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    // The backup starts once the engine is seen taking the new sessions in.
    for (let i = 0; i < 400 && (await sessionIds(env)).length === first.length; i++) await new Promise((r) => setTimeout(r, 50));
    const file = path.join(dir, 'devlog-backup.db');
    const backup = await runCli(['backup', file], env);
    writing = false;
    await writer;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`^backed up \\d+ sessions \\(\\d+\\.\\d MB\\) to ${file.replace(/[.]/g, '\\.')}\\n$`));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);

    // Restoring refuses while the engine runs, and changes nothing.
    const refused = await runCli(['restore', file], env);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe('devlog: a devlog engine is running on this data folder: stop it (devlog start, the app) before restoring\n');
    // A backup never overwrites a file.
    expect(await runCli(['backup', file], env)).toMatchObject({ code: 2, stderr: `devlog: ${file} already exists: choose another name (a backup never overwrites a file)\n` });

    await engine.cli.stop();
    const liveIds = await sessionIds(env);
    expect(liveIds.length).toBeGreaterThan(first.length);

    const restored = await runCli(['restore', file], env);
    expect(restored.stderr).toBe('');
    const kept = /the store that was there is kept as (\S+devlog\.db\.before-restore-\d{8}T\d{6}Z)\n$/.exec(restored.stdout)?.[1];
    expect(kept, restored.stdout).toBeDefined();
    const restoredIds = await sessionIds(env);
    // Every session the backup had, and nothing it could not have had.
    expect(restoredIds).toEqual(expect.arrayContaining(first));
    expect(liveIds).toEqual(expect.arrayContaining(restoredIds));
    expect(restored.stdout).toMatch(new RegExp(`^restored ${restoredIds.length} sessions from `));
    // A consistent snapshot: counters, search index and rows agree.
    const doctor = await runCli(['doctor', '--json'], env);
    expect(doctor.code, doctor.stdout).toBe(0);
    // The old store, whole, beside it: what the engine had when it stopped.
    expect(await sessionIds({ ...env, DEVLOG_HOME: copyAsHome(kept!, tempDir()) })).toEqual(liveIds);
  });

  it('restore refuses what is not a devlog store it can open, naming the file', async () => {
    const dir = tempDir();
    const env = { DEVLOG_HOME: path.join(dir, 'home') };
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello, not a database at all\n'.repeat(200));
    expect(await runCli(['restore', text], env)).toMatchObject({ code: 2, stderr: `devlog: ${text}: file is not a database\n` });

    const Database = loadSqlite();
    const other = path.join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE notes (x TEXT)').close();
    expect(await runCli(['restore', other], env)).toMatchObject({ code: 2, stderr: `devlog: ${other}: not a devlog store (no meta, machines, sessions, messages, session_meta tables)\n` });

    // A store from a newer devlog: made here by collecting nothing, then its version raised.
    expect((await runCli(['collect', '--root', `claude-code=${dir}`], { ...env, HOME: dir })).code).toBe(0);
    const newer = path.join(dir, 'newer.db');
    expect((await runCli(['backup', newer], env)).code).toBe(0);
    const db = new Database(newer);
    db.pragma('user_version = 999');
    db.close();
    expect(await runCli(['restore', newer], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^devlog: ${newer}: made by a newer devlog \\(schema 999, this build knows up to \\d+\\); update devlog\\n$`)) });
    expect(await runCli(['restore', path.join(dir, 'missing.db')], env)).toMatchObject({ code: 2, stderr: `devlog: ${path.join(dir, 'missing.db')}: no such file\n` });
    // Nothing was replaced: no store was put aside.
    expect(fs.readdirSync(env.DEVLOG_HOME).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it("restoring another machine's backup says that the data folder takes that machine's id", async () => {
    const dir = tempDir();
    const a = { DEVLOG_HOME: path.join(dir, 'a'), HOME: dir };
    const b = { DEVLOG_HOME: path.join(dir, 'b'), HOME: dir };
    for (const env of [a, b]) expect((await runCli(['collect', '--root', `claude-code=${dir}`], env)).code).toBe(0);
    const idOf = async (env: Record<string, string>) => (JSON.parse((await runCli(['machine', '--json'], env)).stdout) as { id: string }).id;
    const [idA, idB] = [await idOf(a), await idOf(b)];
    const file = path.join(dir, 'a.db');
    expect((await runCli(['backup', file], a)).code).toBe(0);
    const restored = await runCli(['restore', file], b);
    expect(restored.code).toBe(0);
    expect(restored.stderr).toBe(`note: the backup was made by machine ${idA}; this data folder now has that id (it had ${idB}). Do not run both at once against the same remotes.\n`);
    expect(await idOf(b)).toBe(idA);
  });
});

/** A data folder whose store is a copy of `dbFile` (to read a kept-aside store with the CLI). */
function copyAsHome(dbFile: string, dir: string): string {
  fs.copyFileSync(dbFile, path.join(dir, 'devlog.db'));
  return dir;
}
