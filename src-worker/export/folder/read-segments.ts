import fs from 'node:fs/promises';
import path from 'node:path';
import type { IngestBatch } from '../../../src-shared/sync-wire.js';
import { KeyCache, sha256, type FolderKeys } from './folder-crypto.js';
import { isValidMachineId, MANIFEST_FILE, ROOT_DIR } from './layout.js';
import { checkManifest, parseManifest, type Manifest, type SegmentEntry } from './manifest.js';
import { decodeSegment, readPrefix, SegmentError, type SegmentProblemKind } from './segment-codec.js';

/** One verified segment of another machine: its whole batch, in that machine's order. */
export interface FolderBatch {
  type: 'batch';
  machineId: string;
  machineName: string | null;
  sequence: number;
  file: string;
  batch: IngestBatch;
}

/** A manifest lists about 200 bytes per segment: this is hundreds of thousands of segments. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export type FolderProblemKind = SegmentProblemKind | 'missing' | 'manifest' | 'wrong-passphrase' | 'passphrase-needed' | 'unencrypted';

/**
 * Something that was skipped, naming the file. `missing` may still arrive (a sync tool copies
 * the manifest before the segment): a puller should not move its cursor past it.
 */
export interface FolderProblem {
  type: 'problem';
  machineId: string;
  file: string;
  kind: FolderProblemKind;
  message: string;
}

export interface ReadSegmentsOptions {
  /** This machine: its own folder is never read. */
  machineId?: string;
  /** The remote's passphrase: then only encrypted, authenticated folders are read. */
  passphrase?: string;
  /** Per machine, the last sequence already imported. */
  after?: Record<string, number>;
}

/**
 * Other machines' segments in a folder remote, machine by machine, each in sequence order.
 * Every segment is checked against its machine's manifest and its own SHA-256 or GCM tag before
 * a record is yielded; anything tampered, truncated, renamed, undecryptable or malformed is a
 * problem (naming the file) and is skipped, never half-yielded. Temp files are never listed by
 * a manifest, so a writer's crash leftovers are never seen.
 */
export async function* readSegments(folder: string, opts: ReadSegmentsOptions = {}): AsyncGenerator<FolderBatch | FolderProblem> {
  const root = path.join(folder, ROOT_DIR);
  let machines: string[];
  try {
    machines = (await fs.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && isValidMachineId(d.name)).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    yield { type: 'problem', machineId: '', file: root, kind: 'manifest', message: `${root}: cannot list it (${(err as Error).message})` };
    return;
  }
  const keyCache = new KeyCache();
  for (const machineId of machines.sort()) {
    if (machineId === opts.machineId) continue;
    yield* readMachine(path.join(root, machineId), machineId, opts, keyCache);
  }
}

async function* readMachine(dir: string, machineId: string, opts: ReadSegmentsOptions, keyCache: KeyCache): AsyncGenerator<FolderBatch | FolderProblem> {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const problem = (file: string, kind: FolderProblemKind, message: string): FolderProblem => ({ type: 'problem', machineId, file, kind, message: `${file}: ${message}` });
  let text: string;
  try {
    const stat = await fs.stat(manifestFile);
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return yield problem(manifestFile, 'manifest', `not a regular file of at most ${MAX_MANIFEST_BYTES} bytes`);
    text = await fs.readFile(manifestFile, 'utf8');
  } catch (err) {
    // No manifest yet: that machine has not finished its first segment (or it is still syncing).
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') yield problem(manifestFile, 'manifest', `cannot read it (${(err as Error).message})`);
    return;
  }
  const parsed = parseManifest(text);
  if ('error' in parsed) return yield problem(manifestFile, 'manifest', parsed.error);
  const manifest = parsed.manifest;
  if (manifest.machineId !== machineId) return yield problem(manifestFile, 'manifest', `it belongs to machine ${manifest.machineId}, not ${machineId} (copied?)`);

  const opened = await openManifest(manifest, opts.passphrase, keyCache);
  if ('kind' in opened) return yield problem(manifestFile, opened.kind, opened.message);

  const after = opts.after?.[machineId] ?? 0;
  for (const entry of manifest.segments) {
    if (entry.sequence <= after) continue;
    const file = path.join(dir, entry.file);
    try {
      const batch = await readSegment(file, machineId, entry, opened.keys);
      yield { type: 'batch', machineId, machineName: manifest.machineName, sequence: entry.sequence, file, batch };
    } catch (err) {
      if (err instanceof SegmentError) yield problem(file, err.kind, err.message);
      else if ((err as NodeJS.ErrnoException).code === 'ENOENT') yield problem(file, 'missing', `${MANIFEST_FILE} lists it but it is not there (still syncing, or deleted)`);
      else yield problem(file, 'corrupt', `cannot read it (${(err as Error).message})`);
    }
  }
}

/** The manifest's keys, or why this machine's folder cannot be trusted with what we were given. */
async function openManifest(
  manifest: Manifest,
  passphrase: string | undefined,
  keyCache: KeyCache,
): Promise<{ keys: FolderKeys | undefined } | { kind: FolderProblemKind; message: string }> {
  if (!manifest.encryption) {
    if (checkManifest(manifest, undefined) !== 'ok') return { kind: 'corrupt', message: 'its SHA-256 does not match its content (corrupted)' };
    // With a passphrase, an unencrypted manifest could have been written by anyone: not trusted.
    if (passphrase !== undefined) return { kind: 'unencrypted', message: 'it is not encrypted, but this remote has a passphrase: skipped' };
    return { keys: undefined };
  }
  if (passphrase === undefined) return { kind: 'passphrase-needed', message: 'it is encrypted: give this remote its passphrase to read it' };
  const { salt, N, r, p } = manifest.encryption;
  const keys = await keyCache.get(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  switch (checkManifest(manifest, keys)) {
    case 'ok':
      return { keys };
    case 'wrong-passphrase':
      return { kind: 'wrong-passphrase', message: `wrong passphrase: it does not open the segments of ${manifest.machineName ?? manifest.machineId}` };
    default:
      return { kind: 'tampered', message: 'it fails authentication (changed after it was written)' };
  }
}

/** One segment checked against its manifest entry (size, sequence, SHA-256), then opened. */
async function readSegment(file: string, machineId: string, entry: SegmentEntry, keys: FolderKeys | undefined): Promise<IngestBatch> {
  // Only regular files, and nothing larger than listed: a FIFO would block the reader forever, a huge file would fill memory.
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw new SegmentError('corrupt', 'not a regular file');
  const data = stat.size > entry.bytes ? await readHead(file) : await fs.readFile(file);
  const prefix = readPrefixLeniently(data);
  if (prefix && prefix.sequence !== entry.sequence) throw new SegmentError('renamed', `it holds segment ${prefix.sequence}, not ${entry.sequence} (renamed or copied over)`);
  if (stat.size > entry.bytes) throw new SegmentError('tampered', `${stat.size} bytes where ${MANIFEST_FILE} lists ${entry.bytes}`);
  if (data.length < entry.bytes) throw new SegmentError('truncated', `truncated: ${data.length} of ${entry.bytes} bytes`);
  if (data.length !== entry.bytes || sha256(data) !== entry.sha256) {
    throw new SegmentError('tampered', `its content is not what ${MANIFEST_FILE} lists (size or SHA-256 differ: changed or corrupted)`);
  }
  if (readPrefix(data).encrypted !== entry.encrypted) throw new SegmentError('tampered', `${MANIFEST_FILE} says it is ${entry.encrypted ? '' : 'not '}encrypted`);
  return decodeSegment(data, { machineId, sequence: entry.sequence }, keys?.segmentKey);
}

/** Enough of a file for its clear prefix (cipher and sequence). */
async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(64), position: 0 });
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function readPrefixLeniently(data: Buffer) {
  try {
    return readPrefix(data);
  } catch {
    return undefined; // judged below by size and SHA-256
  }
}
