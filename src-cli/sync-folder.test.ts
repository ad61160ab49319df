import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSegments } from '../src-worker/export/folder/read-segments.js';
import { localContent, writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';
import { openReadableDb, type ReadableDb } from '../src-worker/store/database.js';
import { runCli, startCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

/**
 * Machine sync through an encrypted folder remote (a shared folder as Syncthing or Dropbox
 * would give it), two DEVLOG_HOMEs, real `devlog` processes: B gets A's sessions with A as
 * origin, an edit on B reaches A, a delete on A reaches B, concurrent renames converge, B's
 * segments hold only its own edits, the folder holds no plaintext, and a
 * segment changed after it was written is reported by B and not imported.
 */

interface Machine {
  name: string;
  home: string;
  env: Record<string, string>;
  root: string;
}

const tempDir = useTempHome('devlog-sync-folder-');

function machine(dir: string, name: string, folder: string, over: Record<string, unknown> = {}): Machine {
  const home = path.join(dir, name);
  fs.mkdirSync(home, { recursive: true });
  const remote = { name: 'nas', url: pathToFileURL(folder).href, passphrase: '${DEVLOG_TEST_NAS_PASSPHRASE}', pull: true, redact: false, ...over };
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, remotes: [remote] }));
  return { name, home, root: path.join(home, 'claude'), env: { DEVLOG_HOME: home, DEVLOG_TEST_NAS_PASSPHRASE: 'correct horse battery staple' } };
}

async function devlog(m: Machine, args: string[]): Promise<string> {
  const r = await runCli(args, m.env);
  expect(r.code, `devlog ${args.join(' ')} on ${m.name}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

function withStore<T>(m: Machine, fn: (db: ReadableDb) => T): T {
  const db = openReadableDb(path.join(m.home, 'devlog.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const listed = async (m: Machine) => (JSON.parse(await devlog(m, ['query', '--json', '--limit', '1000'])).sessions as { id: string; originMachine: string }[]);
const machineId = (m: Machine) => withStore(m, (db) => (db.prepare(`SELECT value FROM meta WHERE key = 'machine_id'`).get() as { value: string }).value);

function filesContaining(dir: string, needle: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && fs.readFileSync(path.join(e.parentPath, e.name)).includes(needle))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('devlog sync through an encrypted folder remote', () => {
  it('syncs both ways with no plaintext in the folder, and reports a tampered segment without importing it', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'shared');
    fs.mkdirSync(folder);
    const a = machine(dir, 'a', folder);
    const b = machine(dir, 'b', folder);
    const ids = writeClaudeSessions(a.root, { '/home/ada/work/api': 3 }, 51);
    await devlog(a, ['machine', 'rename', 'laptop-a']);
    await devlog(a, ['collect', '--json', '--root', `claude-code=${a.root}`]);
    await devlog(a, ['sync']);
    await devlog(b, ['sync']);

    // B shows where they were collected: the name A's folder carries.
    const aLabel = `laptop-a (${machineId(a).slice(0, 8)})`;
    expect(await devlog(b, ['query'])).toMatch(new RegExp(`FROM[\\s\\S]*${aLabel.replace(/[()]/g, '\\$&')}`));
    expect(await devlog(b, ['show', ids[0]!])).toContain(`from: ${aLabel}`);
    expect(await devlog(a, ['query'])).not.toContain('FROM');
    const onB = await listed(b);
    expect(onB.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(new Set(onB.map((s) => s.originMachine))).toEqual(new Set([machineId(a)]));
    expect(withStore(b, (db) => localContent(db))).toEqual(withStore(a, (db) => localContent(db)));
    // Encrypted end to end: neither a message nor a workspace path is readable in the folder.
    const text = withStore(a, (db) => (db.prepare(`SELECT text FROM messages WHERE length(text) > 40 LIMIT 1`).get() as { text: string }).text.slice(0, 40));
    expect(filesContaining(folder, text)).toEqual([]);
    expect(filesContaining(folder, '/home/ada/work/api')).toEqual([]);

    // An edit on B reaches A; a delete on A reaches B.
    await devlog(b, ['session', 'rename', ids[0]!, 'renamed on B']);
    await devlog(b, ['session', 'star', ids[0]!]);
    await devlog(b, ['sync']);
    await devlog(a, ['sync']);
    expect(withStore(a, (db) => db.prepare('SELECT title, starred FROM session_meta WHERE session_id = ?').get(ids[0]))).toEqual({ title: 'renamed on B', starred: 1 });
    await devlog(a, ['session', 'delete', ids[1]!, '--yes']);
    await devlog(a, ['sync']);
    await devlog(b, ['sync']);
    expect((await listed(b)).map((s) => s.id)).not.toContain(ids[1]);

    // Both rename the same session while apart (B second): after syncing both hold B's title.
    await devlog(a, ['session', 'rename', ids[2]!, 'A says']);
    await devlog(b, ['session', 'rename', ids[2]!, 'B says']);
    for (const m of [a, b, a]) await devlog(m, ['sync']);
    const titleOf = (m: Machine) => withStore(m, (db) => db.prepare('SELECT title, version, updated_by FROM session_meta WHERE session_id = ?').get(ids[2]));
    expect(titleOf(a)).toEqual(titleOf(b));
    expect(titleOf(a)).toMatchObject({ title: 'B says' });

    // Nothing goes back where it came from: B's segments hold only B's edits, never A's content.
    const kindsFrom: Record<string, Set<string>> = {};
    for await (const item of readSegments(folder, { passphrase: b.env.DEVLOG_TEST_NAS_PASSPHRASE })) {
      if (item.type === 'problem') throw new Error(item.message);
      for (const r of item.batch.records) (kindsFrom[item.machineId] ??= new Set()).add(r.kind);
    }
    expect([...kindsFrom[machineId(b)]!]).toEqual(['session_meta']);
    expect(kindsFrom[machineId(a)]).toEqual(new Set(['session', 'message', 'tool_call', 'usage', 'session_meta']));

    // A's next segment is changed in the folder after it was written: B reports it and imports nothing of it.
    const more = writeClaudeSessions(path.join(a.root), { '/home/ada/work/web': 2 }, 52);
    await devlog(a, ['collect', '--json', '--root', `claude-code=${a.root}`]);
    await devlog(a, ['sync']);
    const aDir = path.join(folder, 'devlog', machineId(a));
    const segments = fs.readdirSync(aDir).filter((f) => f.endsWith('.dlseg')).sort();
    const last = path.join(aDir, segments[segments.length - 1]!);
    const bytes = fs.readFileSync(last);
    bytes[bytes.length - 40] ^= 0xff;
    fs.writeFileSync(last, bytes);

    await devlog(b, ['sync']);
    const ids2 = (await listed(b)).map((s) => s.id);
    for (const id of more) expect(ids2).not.toContain(id);
    const status = JSON.parse(await devlog(b, ['sync', '--status', '--json']));
    expect(status.remotes[0].pullStatus.problems).toEqual([expect.objectContaining({ kind: 'tampered', file: last, message: expect.stringContaining(last) })]);
    const human = await devlog(b, ['sync', '--status']);
    expect(human).toContain(`skipped tampered: ${last}`);
  }, 240_000);

  it('with both running devlog start, a line appended on A shows on B through the watched folder, without any command', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'shared');
    fs.mkdirSync(folder);
    const a = machine(dir, 'live-a', folder, { auto: true, intervalSeconds: 3600 });
    const b = machine(dir, 'live-b', folder, { auto: true, intervalSeconds: 3600 });
    const [id] = writeClaudeSessions(a.root, { '/home/ada/work/live': 1 }, 53);
    const startA = startCli(['start', '--port', '0', '--root', `claude-code=${a.root}`], a.env);
    const startB = startCli(['start', '--port', '0', '--root', `claude-code=${b.root}`], b.env);
    try {
      await startA.waitFor(/history synced; watching/, 60_000);
      await startB.waitFor(/history synced; watching/, 60_000);
      const until = async (what: string, fn: () => boolean) => {
        const started = Date.now();
        while (!fn()) {
          if (Date.now() - started > 60_000) throw new Error(`timed out waiting for ${what};\nA:\n${startA.output()}\nB:\n${startB.output()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const onB = (sql: string, arg: string) => {
        try {
          return withStore(b, (db) => db.prepare(sql).get(arg) !== undefined);
        } catch {
          return false; // B's store is still being created
        }
      };
      await until('A\'s history on B', () => onB('SELECT id FROM sessions WHERE id = ?', id!));
      const file = fs.readdirSync(a.root, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.jsonl'))!;
      const line = {
        parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/ada/work/live', sessionId: id!.slice('claude-code:'.length), version: '2.1.14',
        gitBranch: 'main', type: 'user', message: { role: 'user', content: 'platypus appended live on A' }, uuid: crypto.randomUUID(), timestamp: new Date().toISOString(),
      };
      fs.appendFileSync(path.join(file.parentPath, file.name), JSON.stringify(line) + '\n');
      await until('the appended line on B', () => onB('SELECT id FROM messages WHERE instr(text, ?) > 0', 'platypus appended live on A'));
    } finally {
      await startA.stop();
      await startB.stop();
    }
  }, 180_000);
});
