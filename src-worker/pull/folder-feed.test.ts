import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RemoteConfig } from '../config/remote-schema.js';
import { Engine } from '../engine.js';
import { FolderSink } from '../export/folder/folder-sink.js';
import { segmentName } from '../export/folder/layout.js';
import { writeClaudeSessions } from '../export/testing/local-sessions.js';
import { WireRecordReader } from '../export/wire-records.js';
import { startEngine } from '../start-engine.js';
import { useTempHome } from '../testing/temp-home.js';
import { FolderFeed } from './folder-feed.js';
import { PullService } from './pull-service.js';

/**
 * Pulling a folder remote whose other machine's segments are real FolderSink output: a segment
 * the manifest lists but a sync tool has not copied yet is waited for (nothing after it is
 * imported, the cursor does not pass it, it is not an error) and imported once it arrives; a
 * wrong passphrase is an error in words and imports nothing.
 */

const tempHome = useTempHome('devlog-folder-feed-');
const engines: Engine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

const PASSPHRASE = 'correct horse battery staple';

/** Machine A's sessions written to `folder` as two segments, one session each. */
async function twoSegmentsFromA(folder: string): Promise<{ machine: string; sessions: string[] }> {
  const home = tempHome();
  const root = path.join(home, 'claude');
  const ids = writeClaudeSessions(root, { '/home/ada/work/api': 2 }, 71);
  const running = startEngine({ home, mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
  await running.historyDone;
  const machine = running.engine.machineId;
  const reader = new WireRecordReader(running.engine.db, machine);
  const sink = new FolderSink({ folder, machineId: machine, machineName: 'laptop-a', passphrase: PASSPHRASE });
  for (const id of ids) await sink.send({ machineId: machine, machineName: 'laptop-a', records: reader.read(id)!.records }, new AbortController().signal);
  running.stop();
  return { machine, sessions: ids };
}

function machineB(folder: string, passphrase: string): { engine: Engine; puller: PullService } {
  const engine = Engine.open({ home: tempHome() });
  engines.push(engine);
  const remote: RemoteConfig = { name: 'nas', url: pathToFileURL(folder).href, auto: false, intervalSeconds: 3600, include: [], exclude: [], agents: [], redact: false, pull: true, paused: false };
  engine.updateConfig((c) => ({ ...c, remotes: [remote] }));
  const puller = new PullService(engine, { sourceFor: () => new FolderFeed({ folder, machineId: engine.machineId, passphrase: async () => passphrase }) });
  engine.register(puller).start({ auto: false });
  return { engine, puller };
}

const sessionsOf = (engine: Engine) => (engine.db.prepare('SELECT id FROM sessions ORDER BY id').all() as { id: string }[]).map((r) => r.id);

describe('pulling a folder remote', () => {
  it('waits for a segment still being copied, then imports it and what came after it', async () => {
    const folder = tempHome();
    const a = await twoSegmentsFromA(folder);
    const first = path.join(folder, 'devlog', a.machine, segmentName(1));
    const aside = `${first}.elsewhere`;
    fs.renameSync(first, aside); // the manifest already lists it; the file is not here yet

    const { engine, puller } = machineB(folder, PASSPHRASE);
    const [waiting] = await puller.pullNow();
    expect(sessionsOf(engine)).toEqual([]);
    expect(waiting).toMatchObject({ state: 'synced', lastError: null, problems: [expect.objectContaining({ kind: 'missing', file: first })] });
    expect(await puller.behind('nas', AbortSignal.timeout(10_000))).toBe(2);

    fs.renameSync(aside, first);
    const [done] = await puller.pullNow();
    expect(sessionsOf(engine)).toEqual([...a.sessions].sort());
    expect(done!.problems).toEqual([]);
    expect(await puller.behind('nas', AbortSignal.timeout(10_000))).toBe(0);
    expect(engine.db.prepare('SELECT name FROM machines WHERE id = ?').get(a.machine)).toEqual({ name: 'laptop-a' });
  });

  it('imports nothing with a wrong passphrase and says so as an error', async () => {
    const folder = tempHome();
    const a = await twoSegmentsFromA(folder);
    const { engine, puller } = machineB(folder, 'not the passphrase');
    const [result] = await puller.pullNow();
    expect(sessionsOf(engine)).toEqual([]);
    expect(result).toMatchObject({ state: 'error', lastError: expect.stringContaining('wrong passphrase') });
    expect(result!.problems).toEqual([expect.objectContaining({ kind: 'wrong-passphrase', file: path.join(folder, 'devlog', a.machine, 'manifest.json') })]);
  });
});
