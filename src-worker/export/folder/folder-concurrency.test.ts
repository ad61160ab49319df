// Two processes of the same machine writing into one folder remote (the engine and a CLI
// one-shot): they never write the same segment number and the manifest loses none; a writer
// killed with SIGKILL while holding the lock does not block the next one.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/cli-process.js';
import { JsonLinesChild } from '../../testing/json-lines-child.js';
import { useTempHome } from '../../testing/temp-home.js';
import { FolderSink } from './folder-sink.js';
import { machineDir, MANIFEST_FILE, segmentName } from './layout.js';
import { readAll, sampleBatch } from './test-support.js';

const tempDir = useTempHome('devlog-folder-lock-');
const CHILD = path.join(REPO_ROOT, 'artifacts', 'test-harness', 'folder-writer-child.mjs');

beforeAll(async () => {
  // node_modules stay external: better-sqlite3 (the lock) loads its native addon from its own folder.
  await build({ entryPoints: [path.join(import.meta.dirname, 'folder-writer-child.ts')], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile: CHILD, logLevel: 'warning' });
});

function setup() {
  const dir = tempDir();
  const folder = path.join(dir, 'share');
  fs.mkdirSync(folder);
  const lockDir = path.join(dir, 'locks');
  const spawn = (opts: { mode: 'write' | 'hold'; tag?: string; count?: number }) =>
    new JsonLinesChild(process.execPath, [CHILD, JSON.stringify({ folder, machineId: 'machine-a', lockDir, tag: 'x', count: 0, ...opts })], process.env);
  return { folder, lockDir, spawn };
}

describe('folder remote: two writers of one machine', () => {
  it('two processes sending at once get distinct, gapless segment numbers and every batch is listed and readable', async () => {
    const { folder, spawn } = setup();
    const count = 30;
    const writers = [spawn({ mode: 'write', tag: 'first', count }), spawn({ mode: 'write', tag: 'second', count })];
    try {
      await Promise.all(writers.map((w) => w.next((m) => m.ready === true)));
      for (const w of writers) w.send({ go: true });
      await Promise.all(writers.map((w) => w.next((m) => m.done === true, 120_000)));
      expect(await Promise.all(writers.map((w) => w.exited))).toEqual([0, 0]);
    } finally {
      for (const w of writers) w.kill();
    }

    const { batches, problems } = await readAll(folder, { machineId: 'machine-b' });
    expect(problems).toEqual([]);
    expect(batches.map((b) => b.sequence)).toEqual(Array.from({ length: 2 * count }, (_, i) => i + 1));
    const sessions = batches.map((b) => b.batch.records[0]!.id).sort();
    const expected = ['first', 'second'].flatMap((t) => Array.from({ length: count }, (_, i) => `claude-code:${t}-${i}`)).sort();
    expect(sessions).toEqual(expected);
    // Each writer's own batches stay in the order it sent them.
    for (const tag of ['first', 'second']) {
      const own = batches.map((b) => b.batch.records[0]!.id).filter((id) => id.startsWith(`claude-code:${tag}-`));
      expect(own).toEqual(Array.from({ length: count }, (_, i) => `claude-code:${tag}-${i}`));
    }
    const names = fs.readdirSync(machineDir(folder, 'machine-a'));
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(names).toHaveLength(2 * count + 1);
  });

  it('a send waits while another process holds the lock, continues when that one is killed with SIGKILL, and can be cancelled', async () => {
    const { folder, lockDir, spawn } = setup();
    const holder = spawn({ mode: 'hold' });
    try {
      await holder.next((m) => m.holding === true);
      const sink = new FolderSink({ folder, machineId: 'machine-a', lockDir });

      const cancelled = new AbortController();
      const refused = sink.send(sampleBatch('machine-a', 'cancelled'), cancelled.signal);
      cancelled.abort();
      await expect(refused).rejects.toMatchObject({ name: 'ExportError', kind: 'timeout' });

      let settled = false;
      const waiting = sink.send(sampleBatch('machine-a', 's1'), new AbortController().signal).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      expect(fs.existsSync(path.join(machineDir(folder, 'machine-a'), segmentName(1)))).toBe(false);

      holder.kill();
      await holder.exited;
      const { bytes } = await waiting;
      expect(bytes).toBe(fs.statSync(path.join(machineDir(folder, 'machine-a'), segmentName(1))).size);
      expect(fs.existsSync(path.join(machineDir(folder, 'machine-a'), MANIFEST_FILE))).toBe(true);
      expect((await readAll(folder, { machineId: 'machine-b' })).batches.map((b) => b.batch)).toEqual([sampleBatch('machine-a', 's1')]);
    } finally {
      holder.kill();
    }
  });

  it('a writer killed with SIGKILL mid-stream: every acknowledged batch is readable, nothing half-written is, and the next send goes on from there', async () => {
    const { folder, lockDir, spawn } = setup();
    const writer = spawn({ mode: 'write', tag: 'killed', count: 10_000 });
    const acknowledged: number[] = [];
    try {
      await writer.next((m) => m.ready === true);
      writer.send({ go: true });
      for (let i = 0; i < 8; i++) acknowledged.push((await writer.next((m) => typeof m.sent === 'number')).sent as number);
      writer.kill();
      await writer.exited;
      // Sends the child acknowledged before it died (their lines may still be in the pipe).
      for (;;) {
        const more = await writer.next((m) => typeof m.sent === 'number', 0).catch(() => undefined);
        if (!more) break;
        acknowledged.push(more.sent as number);
      }
    } finally {
      writer.kill();
    }

    const after = sampleBatch('machine-a', 'after-crash');
    await new FolderSink({ folder, machineId: 'machine-a', lockDir }).send(after, new AbortController().signal);
    const { batches, problems } = await readAll(folder, { machineId: 'machine-b' });
    expect(problems).toEqual([]);
    expect(batches.map((b) => b.sequence)).toEqual(batches.map((_, i) => i + 1));
    const read = batches.map((b) => b.batch.records[0]!.id);
    for (const i of acknowledged) expect(read).toContain(`claude-code:killed-${i}`);
    expect(read.at(-1)).toBe('claude-code:after-crash');
    // At most the one send the kill interrupted was finished without being acknowledged.
    expect(read.length - 1 - acknowledged.length).toBeLessThanOrEqual(1);
    expect(fs.readdirSync(machineDir(folder, 'machine-a')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
