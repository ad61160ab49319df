// The folder remote as the exporter uses it: batches written into a real folder come back equal,
// with and without encryption, and what a crash leaves behind is never read and is cleaned up.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempHome } from '../../testing/temp-home.js';
import { ExportError } from '../sink.js';
import { FolderSink, type FolderSinkOptions } from './folder-sink.js';
import { folderFromUrl, machineDir, MANIFEST_FILE, segmentName } from './layout.js';
import { parseManifest } from './manifest.js';
import { encodeSegment } from './segment-codec.js';
import { readAll, sampleBatch } from './test-support.js';

const tempDir = useTempHome('devlog-folder-');
const signal = () => new AbortController().signal;

function setup() {
  const dir = tempDir();
  const folder = path.join(dir, 'Dropbox');
  fs.mkdirSync(folder);
  const sink = (machineId: string, extra: Partial<FolderSinkOptions> = {}) => new FolderSink({ folder, machineId, lockDir: path.join(dir, 'locks'), ...extra });
  return { dir, folder, sink };
}

const manifestOf = (folder: string, machineId: string) => {
  const parsed = parseManifest(fs.readFileSync(path.join(machineDir(folder, machineId), MANIFEST_FILE), 'utf8'));
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.manifest;
};

describe('folder remote: round trip', () => {
  it('without a passphrase: every batch comes back equal, in order, one gzip segment each, listed with size and SHA-256', async () => {
    const { folder, sink } = setup();
    const a = sink('machine-a');
    const sent = [sampleBatch('machine-a', 's1'), sampleBatch('machine-a', 's2', 40), sampleBatch('machine-a', 's3', 1)];
    const bytes: number[] = [];
    for (const batch of sent) bytes.push((await a.send(batch, signal())).bytes);

    const { batches, problems } = await readAll(folder, { machineId: 'machine-b' });
    expect(problems).toEqual([]);
    expect(batches.map((b) => b.batch)).toEqual(sent);
    expect(batches.map((b) => [b.machineId, b.sequence, b.machineName])).toEqual([
      ['machine-a', 1, 'machine-a-laptop'],
      ['machine-a', 2, 'machine-a-laptop'],
      ['machine-a', 3, 'machine-a-laptop'],
    ]);

    const dir = machineDir(folder, 'machine-a');
    expect(fs.readdirSync(dir).sort()).toEqual([MANIFEST_FILE, segmentName(1), segmentName(2), segmentName(3)]);
    const manifest = manifestOf(folder, 'machine-a');
    expect(manifest.encryption).toBeNull();
    expect(manifest.segments.map((s) => s.bytes)).toEqual(bytes);
    expect(manifest.segments.map((s) => s.bytes)).toEqual([1, 2, 3].map((n) => fs.statSync(path.join(dir, segmentName(n))).size));
    // Unencrypted, the body is plain gzip'd JSON lines: a header line, then one record per line.
    const data = fs.readFileSync(path.join(dir, segmentName(1)));
    const lines = zlib.gunzipSync(data.subarray(14, data.length - 32)).toString('utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'devlog-segment', machineId: 'machine-a', sequence: 1, records: sent[0]!.records.length });
    expect(lines.slice(1).map((l) => JSON.parse(l) as unknown)).toEqual(sent[0]!.records);
  });

  it('with a passphrase: equal records back, nothing readable in the files, scrypt parameters and salt in an HMAC-authenticated manifest', async () => {
    const { folder, sink } = setup();
    const a = sink('machine-a', { passphrase: 'correct horse battery staple' });
    const sent = [sampleBatch('machine-a', 'secret-one'), sampleBatch('machine-a', 'secret-two')];
    for (const batch of sent) await a.send(batch, signal());

    const { batches, problems } = await readAll(folder, { machineId: 'machine-b', passphrase: 'correct horse battery staple' });
    expect(problems).toEqual([]);
    expect(batches.map((b) => b.batch)).toEqual(sent);

    const manifest = manifestOf(folder, 'machine-a');
    expect(manifest.encryption).toMatchObject({ cipher: 'aes-256-gcm', kdf: 'scrypt', N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(manifest.encryption!.salt, 'base64')).toHaveLength(16);
    expect(manifest.integrity.algorithm).toBe('hmac-sha256');
    expect(manifest.segments.every((s) => s.encrypted)).toBe(true);
    const dir = machineDir(folder, 'machine-a');
    const one = fs.readFileSync(path.join(dir, segmentName(1)));
    const two = fs.readFileSync(path.join(dir, segmentName(2)));
    // The body is ciphertext, not gzip; each segment has its own nonce (bytes 14..26).
    expect(() => zlib.gunzipSync(one.subarray(26, one.length - 16))).toThrow();
    expect(one.subarray(14, 26).equals(two.subarray(14, 26))).toBe(false);
    for (const file of [one, two, fs.readFileSync(path.join(dir, MANIFEST_FILE))]) expect(file.toString('latin1')).not.toContain('secret-');

    // Without the passphrase: one problem for that machine, no records.
    const locked = await readAll(folder, { machineId: 'machine-b' });
    expect(locked.batches).toEqual([]);
    expect(locked.problems).toMatchObject([{ machineId: 'machine-a', kind: 'passphrase-needed', file: path.join(dir, MANIFEST_FILE) }]);
  });

  it('a passphrase added later encrypts from then on; the earlier segment stays readable under the authenticated manifest', async () => {
    const { folder, sink } = setup();
    const first = sampleBatch('machine-a', 'before');
    const second = sampleBatch('machine-a', 'after');
    await sink('machine-a').send(first, signal());
    await sink('machine-a', { passphrase: 'pw' }).send(second, signal());
    const manifest = manifestOf(folder, 'machine-a');
    expect(manifest.segments.map((s) => s.encrypted)).toEqual([false, true]);
    const { batches, problems } = await readAll(folder, { machineId: 'b', passphrase: 'pw' });
    expect(problems).toEqual([]);
    expect(batches.map((b) => b.batch)).toEqual([first, second]);
    // Dropping the passphrase again is refused: the folder is encrypted now.
    await expect(sink('machine-a').send(sampleBatch('machine-a', 'x'), signal())).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('needs its passphrase') });
  });
});

describe('folder remote: wrong passphrase, errors', () => {
  it('a wrong passphrase is one clear problem for the reader and an auth error for the writer and `remote test`', async () => {
    const { folder, sink } = setup();
    await sink('machine-a', { passphrase: 'right one' }).send(sampleBatch('machine-a', 's1'), signal());
    await sink('machine-a', { passphrase: 'right one' }).send(sampleBatch('machine-a', 's2'), signal());

    const { batches, problems } = await readAll(folder, { machineId: 'machine-b', passphrase: 'wrong one' });
    expect(batches).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'wrong-passphrase', file: path.join(machineDir(folder, 'machine-a'), MANIFEST_FILE) });
    expect(problems[0]!.message).toContain('wrong passphrase');

    const wrong = sink('machine-a', { passphrase: 'wrong one' });
    await expect(wrong.send(sampleBatch('machine-a', 's3'), signal())).rejects.toMatchObject({ name: 'ExportError', kind: 'auth' });
    await expect(wrong.check(signal())).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('passphrase does not open') });
    // Nothing was written by the refused send.
    expect(manifestOf(folder, 'machine-a').segments).toHaveLength(2);
  });

  it('check() says a writable folder is fine; a missing folder is offline and a blocked path is a local error, both naming the path', async () => {
    const { dir, folder, sink } = setup();
    await expect(sink('machine-a').check(signal())).resolves.toEqual({ authenticatedAs: null });
    expect(fs.readdirSync(machineDir(folder, 'machine-a'))).toEqual([]);

    const gone = path.join(dir, 'unmounted-nas');
    const offline = new FolderSink({ folder: gone, machineId: 'machine-a', lockDir: dir });
    const err = await offline.send(sampleBatch('machine-a', 's1'), signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect(err).toMatchObject({ kind: 'offline', message: expect.stringContaining(gone) });
    // An unmounted share is not recreated on the local disk.
    expect(fs.existsSync(gone)).toBe(false);

    const blocked = path.join(dir, 'blocked');
    fs.mkdirSync(blocked);
    fs.writeFileSync(path.join(blocked, 'devlog'), 'a file where the devlog folder should be');
    await expect(new FolderSink({ folder: blocked, machineId: 'machine-a', lockDir: dir }).check(signal())).rejects.toMatchObject({
      kind: 'local',
      message: expect.stringContaining(path.join(blocked, 'devlog')),
    });
  });

  it('a damaged own manifest is never overwritten: the send fails naming it', async () => {
    const { folder, sink } = setup();
    await sink('machine-a').send(sampleBatch('machine-a', 's1'), signal());
    const file = path.join(machineDir(folder, 'machine-a'), MANIFEST_FILE);
    fs.writeFileSync(file, '{"format": "devlog-folder", "version": 1, "segm');
    await expect(sink('machine-a').send(sampleBatch('machine-a', 's2'), signal())).rejects.toMatchObject({ kind: 'local', message: expect.stringContaining(file) });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"format": "devlog-folder", "version": 1, "segm');
  });

  it('file:/// URLs name the folder; other URLs are refused in words', () => {
    expect(folderFromUrl('file:///mnt/nas/devlog')).toBe('/mnt/nas/devlog');
    expect(() => folderFromUrl('https://example.com/x')).toThrow('not a file:/// URL');
  });
});

describe('folder remote: a crash between temp write and rename', () => {
  it('leaves nothing a reader sees; the next send cleans up and takes the next number', async () => {
    const { folder, sink } = setup();
    const a = sink('machine-a');
    const sent = [sampleBatch('machine-a', 's1'), sampleBatch('machine-a', 's2')];
    for (const batch of sent) await a.send(batch, signal());
    const dir = machineDir(folder, 'machine-a');

    // What a writer killed mid-way leaves: half a segment and half a manifest under their temp names.
    const third = await encodeSegment(sampleBatch('machine-a', 'lost'), { machineId: 'machine-a', sequence: 3 }, undefined, new Date().toISOString());
    fs.writeFileSync(path.join(dir, segmentName(3) + '.tmp'), third.subarray(0, third.length >> 1));
    fs.writeFileSync(path.join(dir, MANIFEST_FILE + '.tmp'), '{"format":"devlog-fol');
    const before = await readAll(folder, { machineId: 'machine-b' });
    expect(before.problems).toEqual([]);
    expect(before.batches.map((b) => b.batch)).toEqual(sent);

    // Killed after the segment's rename but before the manifest's: the segment is not listed, so not read either.
    fs.rmSync(path.join(dir, segmentName(3) + '.tmp'));
    fs.writeFileSync(path.join(dir, segmentName(3)), third);
    fs.writeFileSync(path.join(dir, segmentName(3) + '.tmp'), third.subarray(0, 10));
    const during = await readAll(folder, { machineId: 'machine-b' });
    expect(during.problems).toEqual([]);
    expect(during.batches).toHaveLength(2);

    // That send was never acknowledged, so the exporter sends again: number 3 is the new batch.
    const again = sampleBatch('machine-a', 's3');
    await a.send(again, signal());
    expect(fs.readdirSync(dir).sort()).toEqual([MANIFEST_FILE, segmentName(1), segmentName(2), segmentName(3)]);
    const after = await readAll(folder, { machineId: 'machine-b' });
    expect(after.problems).toEqual([]);
    expect(after.batches.map((b) => b.batch)).toEqual([...sent, again]);
  });

  it('segments the manifest does not list beyond one interrupted send are refused, not deleted', async () => {
    const { folder, sink } = setup();
    await sink('machine-a').send(sampleBatch('machine-a', 's1'), signal());
    const dir = machineDir(folder, 'machine-a');
    for (const n of [2, 3]) fs.writeFileSync(path.join(dir, segmentName(n)), await encodeSegment(sampleBatch('machine-a', `x${n}`), { machineId: 'machine-a', sequence: n }, undefined, new Date().toISOString()));
    await expect(sink('machine-a').send(sampleBatch('machine-a', 's2'), signal())).rejects.toMatchObject({ kind: 'local', message: expect.stringContaining('does not list') });
    expect(fs.readdirSync(dir).sort()).toEqual([MANIFEST_FILE, segmentName(1), segmentName(2), segmentName(3)]);
  });
});

describe('folder remote: two machines in one folder', () => {
  it('each reads only the other machine, and a writer never touches another machine’s files', async () => {
    const { folder, sink } = setup();
    const fromA = [sampleBatch('machine-a', 'a1'), sampleBatch('machine-a', 'a2')];
    const fromB = [sampleBatch('machine-b', 'b1')];
    for (const batch of fromA) await sink('machine-a').send(batch, signal());
    const snapshot = () => Object.fromEntries(fs.readdirSync(machineDir(folder, 'machine-a')).map((n) => [n, fs.readFileSync(path.join(machineDir(folder, 'machine-a'), n)).toString('base64')]));
    const aBefore = snapshot();
    for (const batch of fromB) await sink('machine-b').send(batch, signal());
    expect(snapshot()).toEqual(aBefore);

    const seenByA = await readAll(folder, { machineId: 'machine-a' });
    const seenByB = await readAll(folder, { machineId: 'machine-b' });
    expect([seenByA.problems, seenByB.problems]).toEqual([[], []]);
    expect(seenByA.batches.map((b) => b.batch)).toEqual(fromB);
    expect(seenByB.batches.map((b) => b.batch)).toEqual(fromA);
    // A puller resumes after what it imported.
    expect((await readAll(folder, { machineId: 'machine-b', after: { 'machine-a': 1 } })).batches.map((b) => b.sequence)).toEqual([2]);
  });

  it('a batch of another machine is refused by this machine’s sink', async () => {
    const { sink } = setup();
    await expect(sink('machine-a').send(sampleBatch('machine-b', 'b1'), signal())).rejects.toMatchObject({ kind: 'rejected' });
  });
});
