import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireRecord } from '../src-shared/sync-wire.js';
import { writeClaudeSessions } from '../src-worker/export/testing/local-sessions.js';
import { readSegments, type FolderBatch } from '../src-worker/export/folder/read-segments.js';
import { runCli } from '../src-worker/testing/cli-process.js';

/** What machine A's exports carry to a folder remote, read as another machine reads them. */
describe('export: machine name, origin, edits and tombstones (CLI processes, a folder remote)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function batches(folder: string): Promise<FolderBatch[]> {
    const out: FolderBatch[] = [];
    for await (const item of readSegments(folder, { machineId: 'the-reader' })) {
      if (item.type === 'problem') throw new Error(item.message);
      out.push(item);
    }
    return out;
  }

  it('names the machine, stamps its sessions, sends edits and a delete as a tombstone without content', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-machine-export-'));
    dirs.push(dir);
    const root = path.join(dir, 'claude');
    const [renamed, deleted] = writeClaudeSessions(root, { '/home/ada/work/app': 2 }, 8, 2_000) as [string, string];
    const folder = path.join(dir, 'shared-folder');
    fs.mkdirSync(folder);
    fs.mkdirSync(path.join(dir, 'home'));
    const env = { DEVLOG_HOME: path.join(dir, 'devlog-home'), HOME: path.join(dir, 'home') };
    const cli = async (...args: string[]) => {
      const r = await runCli(args, env);
      expect(r.code, `devlog ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    await cli('collect', '--root', `claude-code=${root}`);
    await cli('machine', 'rename', 'ada-laptop');
    const { id } = JSON.parse(await cli('machine', '--json')) as { id: string };
    await cli('remote', 'add', 'nas', pathToFileURL(folder).href);
    await cli('export');

    const [first] = await batches(folder);
    expect(first).toMatchObject({ machineId: id, machineName: 'ada-laptop', batch: { machineId: id, machineName: 'ada-laptop' } });
    const sessions = first!.batch.records.filter((r): r is Extract<WireRecord, { kind: 'session' }> => r.kind === 'session');
    expect(sessions.map((s) => [s.id, s.originMachine]).sort()).toEqual([[deleted, id], [renamed, id]].sort());

    await cli('session', 'rename', renamed, 'Release checklist');
    await cli('session', 'delete', deleted, '--yes');
    await cli('export');
    const later = (await batches(folder)).slice(1).flatMap((b) => b.batch.records);
    expect(later.filter((r) => r.kind === 'session_meta')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: renamed, title: 'Release checklist', updatedBy: id, deleted: false }),
        expect.objectContaining({ id: deleted, updatedBy: id, deleted: true }),
      ]),
    );
    // The deleted session's content does not travel again: only its tombstone.
    expect(later.filter((r) => (r.kind === 'session' ? r.id : r.kind === 'session_meta' ? null : r.sessionId) === deleted)).toEqual([]);
  });
});
