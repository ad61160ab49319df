import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, WireRecord } from '../../src-shared/sync-wire.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { Engine } from '../engine.js';
import { writeClaudeSessions } from '../export/testing/local-sessions.js';
import { startFakeRemote } from '../export/testing/fake-remote.js';
import { WireRecordReader } from '../export/wire-records.js';
import { ServerSink } from '../export/server-sink.js';
import { startEngine } from '../start-engine.js';
import { useTempHome } from '../testing/temp-home.js';
import { PullService } from './pull-service.js';
import { ServerFeed } from './server-feed.js';

/**
 * The puller against a changes feed played by a small HTTP server on 127.0.0.1 (real HTTP, a
 * real store): a record the wire refuses is reported with its change and field and passed, the
 * rest imported; the cursor is kept per URL (a remote pointed at another server starts over);
 * a refused token stops the remote at `error` in words.
 */

const tempHome = useTempHome('devlog-pull-service-');
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function remote(url: string, over: Partial<RemoteConfig> = {}): RemoteConfig {
  return { name: 'home', url, auto: false, intervalSeconds: 3600, include: [], exclude: [], agents: [], redact: false, pull: true, paused: false, ...over };
}

/** Wire records of real sessions another machine collected. */
async function otherMachineRecords(): Promise<{ machine: string; records: WireRecord[] }> {
  const home = tempHome();
  const root = path.join(home, 'claude');
  const ids = writeClaudeSessions(root, { '/home/ada/work/api': 2 }, 61);
  const running = startEngine({ home, mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
  await running.historyDone;
  const reader = new WireRecordReader(running.engine.db, running.engine.machineId);
  const records = ids.flatMap((id) => reader.read(id)!.records);
  const machine = running.engine.machineId;
  running.stop();
  return { machine, records };
}

/** A feed that serves `changes` after `since`, `limit` at a time, like /v1/changes. */
function feed(changes: Change[]) {
  return (req: { path: string; authorization: string | undefined }) => {
    if (req.authorization !== 'Bearer good') return { status: 401, body: JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'unknown token' } }) };
    const url = new URL(req.path, 'http://x');
    const since = BigInt(url.searchParams.get('since') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const after = changes.filter((c) => BigInt(c.seq) > since);
    const page = after.slice(0, limit);
    const hasMore = after.length > limit;
    const cursor = hasMore ? page[page.length - 1]!.seq : (changes[changes.length - 1]?.seq ?? '0');
    return { status: 200, body: JSON.stringify({ changes: page, cursor, hasMore }) };
  };
}

function pullerOn(engine: Engine, token: string): PullService {
  const service = new PullService(engine, {
    sourceFor: (r) => new ServerFeed(r.url, new ServerSink({ url: r.url, token: async () => token }), engine.machineId),
    backoff: { baseMs: 50, maxMs: 100, jitter: 0 },
  });
  return engine.register(service).start({ auto: false });
}

describe('pulling a server changes feed', () => {
  it('imports every valid record, reports the one the wire refuses by change and field, and passes it', async () => {
    const { machine, records } = await otherMachineRecords();
    const changes: Change[] = records.map((record, i) => ({ seq: String(i + 1), kind: record.kind, id: record.id, owner: 'ada', team: null, machine, record }));
    const bad = changes.findIndex((c) => c.kind === 'message');
    changes[bad] = { ...changes[bad]!, record: { ...changes[bad]!.record, role: 42 } as unknown as WireRecord };
    const server = await startFakeRemote(feed(changes));
    cleanup.push(() => server.close());
    const engine = Engine.open({ home: tempHome() });
    cleanup.push(() => engine.dispose());
    engine.updateConfig((c) => ({ ...c, remotes: [remote(server.url)] }));
    const puller = pullerOn(engine, 'good');

    const [result] = await puller.pullNow();
    expect(result).toMatchObject({ name: 'home', state: 'synced', lastError: null, counts: { inserted: records.length - 1 } });
    const where = `${server.url}/v1/changes change ${changes[bad]!.seq}`;
    expect(result!.problems).toEqual([expect.objectContaining({ kind: 'invalid', file: where, message: expect.stringContaining('field role') })]);
    expect(engine.db.prepare('SELECT count(*) AS n FROM messages WHERE id = ?').get(changes[bad]!.id)).toEqual({ n: 0 });

    // The cursor passed it: the next pull asks after the last change and imports nothing again.
    const [again] = await puller.pullNow();
    expect(again!.counts).toMatchObject({ inserted: 0, updated: 0, duplicates: 0 });
    expect(server.requests[server.requests.length - 1]!.path).toContain(`since=${changes[changes.length - 1]!.seq}`);
    expect(await puller.behind('home', AbortSignal.timeout(10_000))).toBe(0);
  });

  it('starts from the beginning when the remote points at another server, and stops at error on a refused token', async () => {
    const { machine, records } = await otherMachineRecords();
    const changes: Change[] = records.map((record, i) => ({ seq: String(i + 1), kind: record.kind, id: record.id, owner: 'ada', team: null, machine, record }));
    const first = await startFakeRemote(feed(changes));
    const second = await startFakeRemote(feed(changes));
    cleanup.push(() => first.close(), () => second.close());
    const engine = Engine.open({ home: tempHome() });
    cleanup.push(() => engine.dispose());
    engine.updateConfig((c) => ({ ...c, remotes: [remote(first.url)] }));
    const puller = pullerOn(engine, 'good');
    await puller.pullNow();

    engine.updateConfig((c) => ({ ...c, remotes: [remote(second.url)] }));
    const [moved] = await puller.pullNow();
    expect(second.requests[0]!.path).toContain('since=0');
    expect(moved!.counts).toMatchObject({ inserted: 0, duplicates: records.length });

    const other = Engine.open({ home: tempHome() });
    cleanup.push(() => other.dispose());
    other.updateConfig((c) => ({ ...c, remotes: [remote(first.url)] }));
    const [denied] = await pullerOn(other, 'bad').pullNow();
    expect(denied).toMatchObject({ state: 'error', lastError: expect.stringContaining('refused the token: 401 (unknown token)') });
  });
});
