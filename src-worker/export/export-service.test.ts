import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IngestBatch } from '../../src-shared/sync-wire.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { startEngine, type RunningEngine } from '../start-engine.js';
import { exportHandlers } from '../rpc/export.js';
import { readOutboundLog } from './export-store.js';
import { ExportService } from './export-service.js';
import { ServerSink } from './server-sink.js';
import { startFakeRemote, ingestOk, type FakeRequest } from './testing/fake-remote.js';
import { localContent, writeClaudeSessions } from './testing/local-sessions.js';

/**
 * The exporter against remotes that fail the ways real ones do (500, 429 + Retry-After, garbage,
 * silence, a refused token), played by a small HTTP server on 127.0.0.1: a real store collected
 * from real session files, real HTTP, real timers. Each test counts the requests over time.
 */

const BACKOFF = { baseMs: 100, maxMs: 800, jitter: 0 };

let dir: string;
let running: RunningEngine;
let service: ExportService;
const remotes: { close(): Promise<void> }[] = [];

function remote(name: string, url: string, over: Partial<RemoteConfig> = {}): RemoteConfig {
  return { name, url, auto: true, intervalSeconds: 3600, include: [], exclude: [], agents: [], redact: true, pull: false, paused: false, ...over };
}

function setRemotes(list: RemoteConfig[]): void {
  running.engine.updateConfig((c) => ({ ...c, remotes: list }));
}

const statusOf = (name: string) => service.statuses().find((s) => s.name === name)!;

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Session ids in the batches the remote acknowledged. */
function acknowledgedSessions(requests: FakeRequest[], ok: (r: FakeRequest) => boolean): string[] {
  const ids = new Set<string>();
  for (const r of requests) if (ok(r)) for (const rec of r.batch?.records ?? []) if (rec.kind === 'session') ids.add(rec.id);
  return [...ids].sort();
}

const gaps = (requests: FakeRequest[]) => requests.slice(1).map((r, i) => r.at - requests[i]!.at);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-'));
  const root = path.join(dir, 'claude');
  writeClaudeSessions(root, { '/home/ada/work/api': 6, '/home/ada/personal/blog': 4 });
  running = startEngine({ home: path.join(dir, 'home'), mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
  await running.historyDone;
  service = running.engine.register(
    new ExportService(running.engine, {
      sinkFor: (r) => new ServerSink({ url: r.url, token: async () => 'secret-token', timeoutMs: 300 }),
      // The test's own redactor: counts what it saw, so the log's counts can be checked.
      redact: (batch: IngestBatch) => ({ batch, counts: { 'test-kind': batch.records.filter((r) => r.kind === 'message').length } }),
      backoff: BACKOFF,
      limits: { maxRecords: 60, maxBytes: 1024 * 1024 },
      debounceMs: 50,
    }),
  ).start();
});

afterEach(async () => {
  setRemotes([]);
  await Promise.all(remotes.splice(0).map((r) => r.close()));
});

afterAll(() => {
  running?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ExportService against failing remotes', () => {
  it('backs off on 500 (100, 200, 400 ms), shows offline with the error, then sends every session and logs each batch', async () => {
    const fake = await startFakeRemote((req, n) => (n <= 3 ? { status: 500, body: '{"error":{"code":"INTERNAL","message":"database down"}}' } : ingestOk(req)));
    remotes.push(fake);
    setRemotes([remote('flaky', fake.url)]);
    await until('the first failure', () => fake.requests.length >= 1 && statusOf('flaky').lastError !== null);
    expect(statusOf('flaky')).toMatchObject({ state: 'offline', lastError: expect.stringContaining('500') });
    expect(statusOf('flaky').nextAttemptAt).not.toBeNull();
    await until('synced', () => statusOf('flaky').state === 'synced');
    const [g1, g2, g3] = gaps(fake.requests.slice(0, 4));
    expect(g1).toBeGreaterThanOrEqual(95);
    expect(g2).toBeGreaterThanOrEqual(195);
    expect(g3).toBeGreaterThanOrEqual(395);
    expect(fake.requests.every((r) => r.authorization === 'Bearer secret-token')).toBe(true);
    // Nothing lost: every local session, whole, was acknowledged.
    const local = localContent(running.engine.db);
    expect(acknowledgedSessions(fake.requests, (r) => fake.requests.indexOf(r) >= 3)).toEqual(local.sessions);
    const log = readOutboundLog(running.engine.db, { remote: 'flaky' });
    expect(log.length).toBe(fake.requests.length - 3);
    expect(log.reduce((a, e) => a + e.sessions, 0)).toBeGreaterThanOrEqual(local.sessions.length);
    expect(log.reduce((a, e) => a + (e.redactions['test-kind'] ?? 0), 0)).toBe(local.messages.length);
    expect(statusOf('flaky')).toMatchObject({ backlog: 0, lastError: null, nextAttemptAt: null });
  });

  it('waits as long as Retry-After says on 429', async () => {
    const fake = await startFakeRemote((req, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: '' } : ingestOk(req)));
    remotes.push(fake);
    setRemotes([remote('busy', fake.url)]);
    await until('the 429', () => statusOf('busy').lastError !== null);
    expect(statusOf('busy')).toMatchObject({ state: 'offline', lastError: expect.stringContaining('429') });
    await until('synced', () => statusOf('busy').state === 'synced');
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('never counts a garbage answer as progress: error, backoff, and the same sessions again', async () => {
    let healthy = false;
    const fake = await startFakeRemote((req) => (healthy ? ingestOk(req) : req.batch && req.batch.records.length % 2 ? { status: 200, body: '<html>proxy</html>' } : { status: 200, body: '{"ok":true}' }));
    remotes.push(fake);
    setRemotes([remote('garbled', fake.url)]);
    await until('two garbage answers', () => fake.requests.length >= 2);
    const st = statusOf('garbled');
    expect(st.state).toBe('error');
    expect(st.lastError).toMatch(/not JSON|not an ingest result/);
    expect(st.backlog).toBe(localContent(running.engine.db).sessions.length);
    expect(readOutboundLog(running.engine.db, { remote: 'garbled' })).toEqual([]);
    // The same first batch is tried again: nothing was taken as sent.
    expect(fake.requests[1]!.batch!.records[0]).toEqual(fake.requests[0]!.batch!.records[0]);
    const garbage = fake.requests.length;
    healthy = true;
    await until('synced', () => statusOf('garbled').state === 'synced');
    expect(acknowledgedSessions(fake.requests.slice(garbage), () => true)).toEqual(localContent(running.engine.db).sessions);
  });

  it('times out a remote that never answers, backs off, and catches up when it answers again', async () => {
    let silent = true;
    const fake = await startFakeRemote((req) => (silent ? 'hang' : ingestOk(req)));
    remotes.push(fake);
    setRemotes([remote('silent', fake.url)]);
    await until('a timeout', () => statusOf('silent').lastError !== null);
    expect(statusOf('silent')).toMatchObject({ state: 'offline', lastError: expect.stringContaining('did not answer') });
    const windowStart = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    const inWindow = fake.requests.filter((r) => r.at >= windowStart).length;
    // Timeout 300 ms plus 100, 200, 400, 800, 800 ms of backoff: a handful, not a flood.
    expect(inWindow).toBeGreaterThanOrEqual(1);
    expect(inWindow).toBeLessThanOrEqual(4);
    silent = false;
    await until('synced', () => statusOf('silent').state === 'synced', 30_000);
    expect(statusOf('silent').backlog).toBe(0);
  });

  it('stops at error after a refused token, with no further attempts until the remote is edited', async () => {
    const fake = await startFakeRemote(() => ({ status: 401, body: '{"error":{"code":"UNAUTHORIZED","message":"invalid token"}}' }));
    remotes.push(fake);
    setRemotes([remote('badtoken', fake.url)]);
    await until('the refusal', () => statusOf('badtoken').lastError !== null);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(statusOf('badtoken')).toMatchObject({ state: 'error', nextAttemptAt: null, lastError: expect.stringContaining('refused the token: 401') });
    const before = fake.requests.length;
    setRemotes([remote('badtoken', fake.url, { intervalSeconds: 60 })]);
    await until('a new attempt after the edit', () => fake.requests.length > before);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.requests.length).toBe(before + 1);
  });

  it('sends nothing while the engine or the remote is paused, and everything after', async () => {
    const fake = await startFakeRemote((req) => ingestOk(req));
    remotes.push(fake);
    running.engine.pause();
    try {
      setRemotes([remote('later', fake.url)]);
      await new Promise((r) => setTimeout(r, 500));
      expect(fake.requests).toEqual([]);
      expect(statusOf('later').state).toBe('paused');
    } finally {
      running.engine.resume();
    }
    setRemotes([remote('later', fake.url, { paused: true })]);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests).toEqual([]);
    setRemotes([remote('later', fake.url)]);
    await until('synced', () => statusOf('later').state === 'synced');
    expect(acknowledgedSessions(fake.requests, () => true)).toEqual(localContent(running.engine.db).sessions);
  });
});

describe('ExportService routing changes', () => {
  it('starts a remote over when its rules change, so sessions it newly includes are sent', async () => {
    const fake = await startFakeRemote((req) => ingestOk(req));
    remotes.push(fake);
    const blog = (db = running.engine.db) => localContent(db, '/home/ada/personal').sessions;
    setRemotes([remote('narrow', fake.url, { include: ['/home/ada/personal'] })]);
    await until('synced', () => statusOf('narrow').state === 'synced');
    expect(acknowledgedSessions(fake.requests, () => true)).toEqual(blog());
    // The cursor passed the work sessions while they did not match; the new rules bring them.
    setRemotes([remote('narrow', fake.url, { include: ['/home/ada/personal', '/home/ada/work'] })]);
    await until('synced again', () => fake.requests.length > 1 && statusOf('narrow').state === 'synced');
    expect(acknowledgedSessions(fake.requests, () => true)).toEqual(localContent(running.engine.db).sessions);
  });
});

describe('auto export in a live engine', () => {
  it('sends a session written while the engine runs soon after it is collected, without waiting for the interval', async () => {
    const liveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-live-'));
    const fake = await startFakeRemote((req) => ingestOk(req));
    remotes.push(fake);
    const root = path.join(liveDir, 'claude');
    fs.mkdirSync(root, { recursive: true });
    process.env.DEVLOG_TEST_LIVE_TOKEN = 'live-token';
    const live = startEngine({ home: path.join(liveDir, 'home'), mode: 'live', rootOverrides: new Map([['claude-code', [root]]]) });
    try {
      await live.historyDone;
      live.engine.updateConfig((c) => ({ ...c, remotes: [remote('live', fake.url, { redact: false, intervalSeconds: 3600, token: '${DEVLOG_TEST_LIVE_TOKEN}' })] }));
      const [id] = writeClaudeSessions(root, { '/home/ada/work/live': 1 }, 99);
      await until('the new session at the remote', () => acknowledgedSessions(fake.requests, () => true).includes(id!));
      expect(fake.requests.every((r) => r.authorization === 'Bearer live-token')).toBe(true);
      const st = live.engine.status().remotes.find((r) => r.name === 'live');
      expect(st).toMatchObject({ kind: 'server', url: fake.url });
    } finally {
      live.stop();
      fs.rmSync(liveDir, { recursive: true, force: true });
    }
  });
});

describe('the backlog of a remote exported by hand', () => {
  it('counts every session written in a burst, also the ones inside the counting throttle', async () => {
    const liveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-backlog-'));
    const root = path.join(liveDir, 'claude');
    fs.mkdirSync(root, { recursive: true });
    const live = startEngine({ home: path.join(liveDir, 'home'), mode: 'live', rootOverrides: new Map([['claude-code', [root]]]) });
    try {
      await live.historyDone;
      live.engine.updateConfig((c) => ({ ...c, remotes: [remote('manual', 'http://127.0.0.1:9', { auto: false, token: '${UNUSED}' })] }));
      const backlog = () => live.engine.status().remotes.find((r) => r.name === 'manual')?.backlog;
      writeClaudeSessions(root, { '/home/ada/work/one': 1 }, 71);
      await until('the first session counted', () => backlog() === 1);
      // Right after a count: this one falls inside the throttle window and must still be counted.
      writeClaudeSessions(root, { '/home/ada/work/two': 1 }, 72);
      await until('both sessions counted', () => backlog() === 2);
    } finally {
      live.stop();
      fs.rmSync(liveDir, { recursive: true, force: true });
    }
  });
});

describe('collection while a remote hangs', () => {
  it('keeps collecting new sessions while an auto remote never answers', async () => {
    const liveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-hang-'));
    const fake = await startFakeRemote(() => 'hang');
    remotes.push(fake);
    const root = path.join(liveDir, 'claude');
    fs.mkdirSync(root, { recursive: true });
    process.env.DEVLOG_TEST_HANG_TOKEN = 'hang-token';
    const live = startEngine({ home: path.join(liveDir, 'home'), mode: 'live', rootOverrides: new Map([['claude-code', [root]]]) });
    try {
      await live.historyDone;
      live.engine.updateConfig((c) => ({ ...c, remotes: [remote('stuck', fake.url, { token: '${DEVLOG_TEST_HANG_TOKEN}' })] }));
      const count = () => (live.engine.db.prepare('SELECT count(*) FROM sessions').pluck().get() as number);
      writeClaudeSessions(root, { '/home/ada/work/one': 1 }, 31);
      await until('the remote is asked', () => fake.requests.length >= 1);
      // The export to it is stuck in a request (60 s timeout): new files are still collected.
      writeClaudeSessions(root, { '/home/ada/work/two': 2 }, 32);
      await until('three sessions collected', () => count() === 3);
      const st = live.engine.status().remotes.find((r) => r.name === 'stuck')!;
      expect(st.state).toBe('pending');
      expect(st.lastSuccessAt).toBeNull();
    } finally {
      live.stop();
      fs.rmSync(liveDir, { recursive: true, force: true });
    }
  });
});

describe('export beside an open collection transaction', () => {
  it('waits while the store has a transaction open (uncommitted rows), then sends', async () => {
    const fake = await startFakeRemote((req) => ingestOk(req));
    remotes.push(fake);
    setRemotes([remote('patient', fake.url, { auto: false })]);
    const db = running.engine.db;
    db.exec('BEGIN IMMEDIATE'); // as the history scan's group commit holds one across turns
    let done = false;
    const exported = service.exportNow({ remote: 'patient' }).finally(() => (done = true));
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.requests).toEqual([]);
      expect(done).toBe(false);
      // The status says an export is under way (the tray shows "syncing").
      expect(statusOf('patient').exporting).toBe(true);
    } finally {
      db.exec('COMMIT');
    }
    const [st] = await exported;
    expect(st!.state).toBe('synced');
    expect(statusOf('patient').exporting).toBeUndefined();
    expect(acknowledgedSessions(fake.requests, () => true)).toEqual(localContent(db).sessions);
  });
});

describe('export without redaction, and the export RPC', () => {
  it('sends nothing to a remote that redacts when no redaction step is wired, and says so', async () => {
    const fake = await startFakeRemote((req) => ingestOk(req));
    remotes.push(fake);
    const bare = new ExportService(running.engine, {
      sinkFor: (r) => new ServerSink({ url: r.url, token: async () => 't', timeoutMs: 300 }),
      redact: undefined,
      backoff: BACKOFF,
    });
    try {
      bare.start({ auto: false });
      setRemotes([remote('redacting', fake.url, { auto: false })]);
      const [st] = await bare.exportNow({ remote: 'redacting' });
      expect(st).toMatchObject({ state: 'error', lastError: expect.stringContaining('redaction is not available') });
      expect(fake.requests).toEqual([]);
    } finally {
      bare.dispose();
    }
  });

  it('answers export.now, export.status and export.log, naming a remote that does not exist', async () => {
    const fake = await startFakeRemote((req) => ingestOk(req));
    remotes.push(fake);
    setRemotes([remote('rpc', fake.url, { auto: false })]);
    const rpc = exportHandlers(running.engine, service);
    const ctx = { connectionId: 1, signal: new AbortController().signal };
    await expect(Promise.resolve().then(() => rpc['export.now']({ remote: 'nope' }, ctx))).rejects.toThrow('no remote named "nope"');
    const now = await rpc['export.now']({ remote: 'rpc' }, ctx);
    expect(now.remotes).toEqual([expect.objectContaining({ name: 'rpc', state: 'synced', backlog: 0 })]);
    const again = await rpc['export.now']({ remote: 'rpc', all: true }, ctx);
    expect(again.remotes[0]!.state).toBe('synced');
    // --all re-sent every session.
    expect(acknowledgedSessions(fake.requests, () => true).length).toBe(localContent(running.engine.db).sessions.length);
    expect((await rpc['export.status'](undefined, ctx)).remotes.map((r) => r.name)).toEqual(['rpc']);
    const log = await rpc['export.log']({ remote: 'rpc', limit: 1000 }, ctx);
    const sent = log.entries.reduce((a, e) => a + e.sessions, 0);
    expect(sent).toBe(2 * localContent(running.engine.db).sessions.length);
    await expect(Promise.resolve().then(() => rpc['export.log']({ limit: 0 }, ctx))).rejects.toThrow('limit');
  });
});
