import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage } from '../src-shared/sync-wire.js';
import { request } from '../src-server/testing/http-client.js';
import { Engine } from '../src-worker/engine.js';
import { localContent, writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';
import { applyLocalEdit, type MetaEdit } from '../src-worker/metadata/index.js';
import { openReadableDb, type ReadableDb } from '../src-worker/store/database.js';
import { findCounterDrift } from '../src-worker/store/session-counters.js';
import { CLI, runCli, startCli } from '../src-worker/testing/cli-process.js';
import { SyncServer } from './testing/sync-server.js';

/**
 * Machine sync through a real `devlog serve` (a child process on an embedded PostgreSQL), with
 * each machine its own DEVLOG_HOME and every step a real `devlog` process: what A collected
 * shows on B with A as its origin, edits on either side reach the other, concurrent renames
 * converge by last-writer-wins, a delete never comes back, nothing is duplicated anywhere, and
 * a pull killed with SIGKILL and run again imports everything exactly once.
 */

let server: SyncServer;
let dir: string;
const userToken = (name: string) => server.userToken(name);

interface Machine {
  name: string;
  home: string;
  env: Record<string, string>;
  root: string;
}

/** A machine: its own DEVLOG_HOME with the one remote (pull on), and a Claude root of its own. */
function machine(name: string, token: string, url: string, over: Record<string, unknown> = {}): Machine {
  const home = path.join(dir, name);
  fs.mkdirSync(home, { recursive: true });
  const remote = { name: 'home', url, token: '${DEVLOG_TEST_SYNC_TOKEN}', pull: true, redact: false, ...over };
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, remotes: [remote] }));
  return { name, home, root: path.join(home, 'claude'), env: { DEVLOG_HOME: home, DEVLOG_TEST_SYNC_TOKEN: token } };
}

async function devlog(m: Machine, args: string[]): Promise<string> {
  const r = await runCli([...args], m.env);
  expect(r.code, `devlog ${args.join(' ')} on ${m.name}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

const collect = (m: Machine) => devlog(m, ['collect', '--json', '--root', `claude-code=${m.root}`]);
const sync = async (m: Machine) => JSON.parse(await devlog(m, ['sync', '--json'])) as { remotes: { name: string; push: { state: string }; pull: { state: string; counts: Record<string, number> } }[] };

async function listed(m: Machine, extra: string[] = []): Promise<{ id: string; title: string | null; originMachine: string }[]> {
  return (JSON.parse(await devlog(m, ['query', '--json', '--limit', '1000', ...extra])) as { sessions: { id: string; title: string | null; originMachine: string }[] }).sessions;
}

function withStore<T>(m: Machine, fn: (db: ReadableDb) => T): T {
  const db = openReadableDb(path.join(m.home, 'devlog.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const machineId = (m: Machine) => withStore(m, (db) => (db.prepare(`SELECT value FROM meta WHERE key = 'machine_id'`).get() as { value: string }).value);
const metaOf = (m: Machine, id: string) => withStore(m, (db) => db.prepare('SELECT title, starred, deleted FROM session_meta WHERE session_id = ?').get(id));

/** An edit as the user makes it on that machine (no engine runs there meanwhile). */
function edit(m: Machine, id: string, change: MetaEdit, at?: Date): void {
  const engine = Engine.open({ home: m.home });
  try {
    applyLocalEdit(engine.db, engine.seq, id, change, engine.machineId, at);
  } finally {
    engine.dispose();
  }
}

/** Every record the server holds for the user, by kind (the feed lists a record's latest version), and who sent each content record. */
async function serverIds(token: string): Promise<Record<string, string[]> & { contentFrom?: string[] }> {
  const out: Record<string, string[]> & { contentFrom?: string[] } = {};
  const from = new Set<string>();
  let since = '0';
  for (;;) {
    const res = await request(server.url, `/v1/changes?since=${since}&limit=1000`, { token });
    expect(res.status, res.text).toBe(200);
    const page = ChangesPage.parse(res.json);
    for (const c of page.changes) {
      (out[c.kind] ??= []).push(c.id);
      if (c.kind !== 'session_meta') from.add(c.machine);
    }
    since = page.cursor;
    if (!page.hasMore) return { ...out, contentFrom: [...from] };
  }
}

const rollups = (m: Machine) =>
  withStore(m, (db) => db.prepare('SELECT * FROM stats_rollup WHERE messages <> 0 OR tool_calls <> 0 OR input <> 0 OR output <> 0 ORDER BY 1, 2, 3, 4, 5').all());

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-sync-server-'));
  server = await SyncServer.start();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('devlog sync through a devlog server', () => {
  it('brings A\'s sessions to B with A as origin, edits both ways, converging renames and a delete that never comes back, nothing duplicated', async () => {
    const token = await userToken('ada');
    const a = machine('a', token, server.url);
    const b = machine('b', token, server.url);
    const ids = writeClaudeSessions(a.root, { '/home/ada/work/api': 3, '/home/ada/work/web': 2 }, 41);
    await collect(a);
    const first = await sync(a);
    expect(first.remotes[0]).toMatchObject({ name: 'home', push: { state: 'synced' }, pull: { state: 'synced' } });

    const pulled = await sync(b);
    expect(pulled.remotes[0]!.pull.counts.inserted).toBeGreaterThan(0);
    const onB = await listed(b);
    expect(onB.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(new Set(onB.map((s) => s.originMachine))).toEqual(new Set([machineId(a)]));
    const contentA = withStore(a, (db) => localContent(db));
    expect(withStore(b, (db) => localContent(db))).toEqual(contentA);
    expect(rollups(b)).toEqual(rollups(a));
    expect(withStore(b, (db) => findCounterDrift(db))).toEqual([]);
    const shown = await devlog(b, ['show', ids[0]!, '--format', 'json']);
    expect(JSON.parse(shown).session.originMachine).toBe(machineId(a));

    // B renames one and stars another (devlog session ...); A syncs and sees both.
    await devlog(b, ['session', 'rename', ids[0]!, 'renamed on B']);
    await devlog(b, ['session', 'star', ids[1]!]);
    await sync(b);
    const back = await sync(a);
    expect(back.remotes[0]!.pull.counts.metaApplied).toBe(2);
    expect(metaOf(a, ids[0]!)).toMatchObject({ title: 'renamed on B' });
    expect(metaOf(a, ids[1]!)).toMatchObject({ starred: 1 });
    expect((await listed(a)).find((s) => s.id === ids[0])?.title).toBe('renamed on B');

    // Both rename the same session while apart: the same version, so the later edit wins on both.
    edit(a, ids[2]!, { title: 'A says' }, new Date('2026-05-01T10:00:00Z'));
    edit(b, ids[2]!, { title: 'B says' }, new Date('2026-05-01T10:00:05Z'));
    await sync(a);
    await sync(b);
    await sync(a);
    expect(metaOf(a, ids[2]!)).toEqual(metaOf(b, ids[2]!));
    expect(metaOf(a, ids[2]!)).toMatchObject({ title: 'B says' });

    // A deletes one (devlog session delete): B neither lists nor finds it after syncing.
    const word = withStore(a, (db) => (db.prepare(`SELECT text FROM messages WHERE session_id = ? AND role = 'user' AND length(text) > 30 LIMIT 1`).get(ids[3]) as { text: string }).text.match(/[A-Za-z]{6,}/)![0]);
    expect((await listed(b, ['--search', word])).map((s) => s.id)).toContain(ids[3]);
    await devlog(a, ['session', 'delete', ids[3]!, '--yes']);
    await sync(a);
    await sync(b);
    expect((await listed(b)).map((s) => s.id)).not.toContain(ids[3]);
    expect((await listed(b, ['--search', word])).map((s) => s.id)).not.toContain(ids[3]);
    // ... and it never comes back: A collects its agent file again, B re-sends everything, both sync.
    await collect(a);
    await devlog(b, ['export', '--all']);
    await sync(a);
    await sync(b);
    for (const m of [a, b]) {
      expect((await listed(m)).map((s) => s.id)).not.toContain(ids[3]);
      expect(metaOf(m, ids[3]!)).toMatchObject({ deleted: 1 });
    }

    // Nothing duplicated: each machine holds each session once, the server each record once,
    // and the server's sessions are A's (B sent none of A's content back).
    for (const m of [a, b]) expect(withStore(m, (db) => db.prepare('SELECT count(*) AS n FROM sessions').get())).toEqual({ n: ids.length });
    const held = await serverIds(token);
    expect([...held.session!].sort()).toEqual([...ids].sort());
    expect(new Set(held.message).size).toBe(held.message!.length);
    expect([...held.message!].sort()).toEqual(contentA.messages);
    expect(held.contentFrom).toEqual([machineId(a)]);
    const status = JSON.parse(await devlog(b, ['sync', '--status', '--json']));
    expect(status.remotes[0]).toMatchObject({ name: 'home', pull: true, ahead: 0, behind: 0, lastPullAt: expect.any(String), peers: [expect.objectContaining({ machine: machineId(a) })] });
  }, 240_000);

  it('imports everything exactly once after a pull was killed with SIGKILL mid-way and run again', async () => {
    const token = await userToken('grace');
    const a = machine('kill-a', token, server.url);
    const b = machine('kill-b', token, server.url);
    writeClaudeSessions(a.root, { '/home/grace/work/a': 400, '/home/grace/work/b': 400 }, 42);
    await collect(a);
    await sync(a);

    const child = spawn(process.execPath, [CLI, 'sync'], { env: { ...process.env, ...b.env }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const dbFile = path.join(b.home, 'devlog.db');
    const imported = () => {
      try {
        return withStore(b, (db) => (db.prepare('SELECT count(*) AS n FROM pull_cursors').get() as { n: number }).n);
      } catch {
        return 0; // not created or not migrated yet
      }
    };
    const started = Date.now();
    while (imported() === 0 && child.exitCode === null && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    expect(fs.existsSync(dbFile)).toBe(true);
    const partly = withStore(b, (db) => (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n);
    expect(partly).toBeLessThan(800); // killed mid-way

    await sync(b);
    expect(withStore(b, (db) => localContent(db))).toEqual(withStore(a, (db) => localContent(db)));
    expect(rollups(b)).toEqual(rollups(a));
    expect(withStore(b, (db) => findCounterDrift(db))).toEqual([]);
    const again = await sync(b);
    expect(again.remotes[0]!.pull.counts).toMatchObject({ inserted: 0, updated: 0 });
  }, 240_000);

  it('with both running devlog start, a line appended to a session on A shows on B without any command', async () => {
    const token = await userToken('linus');
    // The interval is an hour: only continuous mode (export on commit, the server's event stream) can bring it over in time.
    const a = machine('live-a', token, server.url, { auto: true, intervalSeconds: 3600 });
    const b = machine('live-b', token, server.url, { auto: true, intervalSeconds: 3600 });
    const [id] = writeClaudeSessions(a.root, { '/home/linus/kernel': 1 }, 43);
    const startA = startCli(['start', '--port', '0', '--root', `claude-code=${a.root}`], a.env);
    const startB = startCli(['start', '--port', '0', '--root', `claude-code=${b.root}`], b.env);
    try {
      await startA.waitFor(/history synced; watching/, 60_000);
      await startB.waitFor(/history synced; watching/, 60_000);
      const has = (text: string) => withStore(b, (db) => db.prepare('SELECT id FROM messages WHERE instr(text, ?) > 0').get(text) !== undefined);
      const until = async (what: string, fn: () => boolean) => {
        const started = Date.now();
        while (!fn()) {
          if (Date.now() - started > 60_000) throw new Error(`timed out waiting for ${what};\nA:\n${startA.output()}\nB:\n${startB.output()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        return Date.now() - started;
      };
      // The history A collected arrives first (the same way).
      await until('A\'s history on B', () => withStore(b, (db) => db.prepare('SELECT id FROM sessions WHERE id = ?').get(id) !== undefined));

      const file = fs.readdirSync(a.root, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.jsonl'))!;
      const native = id!.slice('claude-code:'.length);
      const line = {
        parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/linus/kernel', sessionId: native, version: '2.1.14',
        gitBranch: 'main', type: 'user', message: { role: 'user', content: 'quokka appended live on A' }, uuid: crypto.randomUUID(), timestamp: new Date().toISOString(),
      };
      fs.appendFileSync(path.join(file.parentPath, file.name), JSON.stringify(line) + '\n');
      // How long it took is measured by the bench (export section), not asserted here.
      await until('the appended line on B', () => has('quokka appended live on A'));

      // The server restarts: A's export backs off and retries, B's stream reconnects and resumes from its cursor.
      await server.stop();
      const liveOnB = async () => (JSON.parse(await devlog(b, ['status', '--json'])).pulls as { live: boolean }[])[0]!.live;
      for (let started = Date.now(); await liveOnB(); ) {
        if (Date.now() - started > 60_000) throw new Error('B still says its event stream is live with the server down');
        await new Promise((r) => setTimeout(r, 100));
      }
      fs.appendFileSync(path.join(file.parentPath, file.name), JSON.stringify({ ...line, uuid: crypto.randomUUID(), message: { role: 'user', content: 'wombat while the server was down' } }) + '\n');
      await server.resume();
      await until('the line written while the server was down, on B', () => has('wombat while the server was down'));

      // `devlog sync --status` asks the running engine (RPC): nothing ahead or behind, A as the peer.
      const status = JSON.parse(await devlog(b, ['sync', '--status', '--json']));
      expect(status.remotes[0]).toMatchObject({ name: 'home', ahead: 0, behind: 0, pullStatus: { live: true }, peers: [expect.objectContaining({ machine: machineId(a) })] });
      const engine = JSON.parse(await devlog(b, ['status', '--json']));
      expect(engine.pulls).toEqual([expect.objectContaining({ name: 'home', kind: 'server', state: 'synced', live: true, lastError: null, problems: [] })]);
      expect(await devlog(b, ['status'])).toMatch(/pulls\n\s+home\s+server synced, live, last pull/);
      const onB = withStore(b, (db) => db.prepare('SELECT origin_machine AS origin FROM sessions WHERE id = ?').get(id));
      expect(onB).toEqual({ origin: machineId(a) });
    } finally {
      await startA.stop();
      await startB.stop();
    }
  }, 180_000);
});
