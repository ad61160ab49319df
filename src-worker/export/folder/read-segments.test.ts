// A reader never imports garbage: a flipped byte, a truncated or renamed segment, a swapped
// manifest entry is reported naming the file and skipped, and the other segments still arrive.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempHome } from '../../testing/temp-home.js';
import { deriveKeys } from './folder-crypto.js';
import { FolderSink } from './folder-sink.js';
import { machineDir, MANIFEST_FILE, segmentName } from './layout.js';
import { decodeSegment, encodeSegment, SegmentError } from './segment-codec.js';
import { readAll, sampleBatch } from './test-support.js';

const tempDir = useTempHome('devlog-folder-read-');
const signal = () => new AbortController().signal;
const PASSPHRASE = 'tide pool lantern';

/** Machine A wrote three segments (encrypted or not); the test then damages them as a sync tool, a disk or an attacker would. */
async function written(passphrase: string | undefined) {
  const dir = tempDir();
  const folder = path.join(dir, 'share');
  fs.mkdirSync(folder);
  const sink = new FolderSink({ folder, machineId: 'machine-a', lockDir: dir, ...(passphrase ? { passphrase } : {}) });
  const sent = [sampleBatch('machine-a', 's1'), sampleBatch('machine-a', 's2'), sampleBatch('machine-a', 's3')];
  for (const batch of sent) await sink.send(batch, signal());
  const segDir = machineDir(folder, 'machine-a');
  const seg = (n: number) => path.join(segDir, segmentName(n));
  const read = () => readAll(folder, { machineId: 'machine-b', ...(passphrase ? { passphrase } : {}) });
  return { folder, sent, seg, segDir, read };
}

describe.each([
  ['unencrypted', undefined],
  ['encrypted', PASSPHRASE],
])('folder reader, %s', (_label, passphrase) => {
  it('a flipped byte in a segment is reported naming the file; the other segments still arrive', async () => {
    const { sent, seg, read } = await written(passphrase);
    const data = fs.readFileSync(seg(2));
    data[data.length >> 1] ^= 0x01;
    fs.writeFileSync(seg(2), data);

    const { batches, problems } = await read();
    expect(batches.map((b) => b.batch)).toEqual([sent[0], sent[2]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'tampered', file: seg(2) });
    expect(problems[0]!.message).toContain(seg(2));
  });

  it('a truncated segment is reported as truncated, with its size', async () => {
    const { sent, seg, read } = await written(passphrase);
    const full = fs.statSync(seg(1)).size;
    fs.truncateSync(seg(1), full - 40);

    const { batches, problems } = await read();
    expect(batches.map((b) => b.batch)).toEqual([sent[1], sent[2]]);
    expect(problems).toMatchObject([{ kind: 'truncated', file: seg(1), message: expect.stringContaining(`${full - 40} of ${full} bytes`) }]);
  });

  it('a segment renamed to another number is detected; the number it left is missing', async () => {
    const { sent, seg, read } = await written(passphrase);
    fs.renameSync(seg(3), seg(2));

    const { batches, problems } = await read();
    expect(batches.map((b) => b.batch)).toEqual([sent[0]]);
    expect(problems).toMatchObject([
      { kind: 'renamed', file: seg(2), message: expect.stringContaining('holds segment 3') },
      { kind: 'missing', file: seg(3) },
    ]);
  });

  it('a segment renamed with its clear sequence rewritten still fails against the manifest’s size and SHA-256', async () => {
    const { sent, seg, read } = await written(passphrase);
    const data = fs.readFileSync(seg(3));
    data.writeBigUInt64BE(2n, 6);
    fs.writeFileSync(seg(2), data);

    const { batches, problems } = await read();
    expect(batches.map((b) => b.batch)).toEqual([sent[0], sent[2]]);
    expect(problems).toMatchObject([{ file: seg(2) }]);
    // Shorter than the segment it replaces reads as truncated, otherwise as not what the manifest lists.
    expect(['tampered', 'truncated']).toContain(problems[0]!.kind);
  });

  it('temp files and segments the manifest does not list are never read', async () => {
    const { sent, segDir, read } = await written(passphrase);
    fs.writeFileSync(path.join(segDir, segmentName(4) + '.tmp'), 'half a segm');
    fs.copyFileSync(path.join(segDir, segmentName(1)), path.join(segDir, segmentName(9)));
    const { batches, problems } = await read();
    expect(problems).toEqual([]);
    expect(batches.map((b) => b.batch)).toEqual(sent);
  });

  it('an edited manifest is reported once and nothing of that machine is read', async () => {
    const { folder, segDir, read } = await written(passphrase);
    const file = path.join(segDir, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { segments: { records: number }[] };
    manifest.segments[1]!.records = 999;
    fs.writeFileSync(file, JSON.stringify(manifest));

    const { batches, problems } = await read();
    expect(batches).toEqual([]);
    expect(problems).toMatchObject([{ machineId: 'machine-a', kind: passphrase ? 'tampered' : 'corrupt', file }]);
    // Not JSON at all: named with the parse error.
    fs.writeFileSync(file, '{ "segments": [');
    expect((await readAll(folder, { machineId: 'b', ...(passphrase ? { passphrase } : {}) })).problems).toMatchObject([{ kind: 'manifest', message: expect.stringContaining('not JSON') }]);
  });
});

describe('folder reader, hostile files', () => {
  it('a FIFO in place of a segment is reported without blocking the reader; the rest still arrives', async () => {
    const { sent, seg, read } = await written(undefined);
    fs.rmSync(seg(2));
    execFileSync('mkfifo', [seg(2)]);
    const { batches, problems } = await read();
    expect(batches.map((b) => b.batch)).toEqual([sent[0], sent[2]]);
    expect(problems).toMatchObject([{ kind: 'corrupt', file: seg(2), message: expect.stringContaining('not a regular file') }]);
  });
});

describe('folder reader, encryption specifics', () => {
  it('an unencrypted machine is not trusted when the remote has a passphrase (anyone could have written it)', async () => {
    const { folder, segDir } = await written(undefined);
    const { batches, problems } = await readAll(folder, { machineId: 'b', passphrase: PASSPHRASE });
    expect(batches).toEqual([]);
    expect(problems).toMatchObject([{ kind: 'unencrypted', file: path.join(segDir, MANIFEST_FILE) }]);
  });

  it('the segment layer alone: GCM binds the segment to its machine and number; unencrypted, the SHA-256 trailer catches a flipped byte', async () => {
    const batch = sampleBatch('machine-a', 's1');
    const { segmentKey } = await deriveKeys(PASSPHRASE, Buffer.alloc(16, 7), { N: 2 ** 10, r: 8, p: 1 });
    const sealed = await encodeSegment(batch, { machineId: 'machine-a', sequence: 5 }, segmentKey, new Date().toISOString());
    await expect(decodeSegment(sealed, { machineId: 'machine-a', sequence: 5 }, segmentKey)).resolves.toEqual(batch);
    const otherMachine = await decodeSegment(sealed, { machineId: 'machine-b', sequence: 5 }, segmentKey).catch((e: unknown) => e);
    expect(otherMachine).toBeInstanceOf(SegmentError);
    expect(otherMachine).toMatchObject({ kind: 'tampered' });
    const wrongKey = Buffer.alloc(32, 1);
    await expect(decodeSegment(sealed, { machineId: 'machine-a', sequence: 5 }, wrongKey)).rejects.toMatchObject({ kind: 'tampered' });

    const plain = await encodeSegment(batch, { machineId: 'machine-a', sequence: 1 }, undefined, new Date().toISOString());
    plain[20] ^= 0x80;
    await expect(decodeSegment(plain, { machineId: 'machine-a', sequence: 1 }, undefined)).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringContaining('SHA-256') });
  });

  it('a record that is not valid wire data is named with its line and field, never yielded', async () => {
    const bad = sampleBatch('machine-a', 's1');
    (bad.records[1] as { role: unknown }).role = 42;
    const data = await encodeSegment(bad, { machineId: 'machine-a', sequence: 1 }, undefined, new Date().toISOString());
    await expect(decodeSegment(data, { machineId: 'machine-a', sequence: 1 }, undefined)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/line 3: field role/) });
  });
});
