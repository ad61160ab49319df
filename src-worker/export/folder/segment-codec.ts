import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { z } from 'zod';
import { IngestBatch, WireRecord } from '../../../src-shared/sync-wire.js';
import { NONCE_BYTES, sha256, TAG_BYTES } from './folder-crypto.js';
import { segmentName } from './layout.js';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * A segment file, byte by byte:
 *   "DLSG" | format version (1) | cipher (0 none, 1 AES-256-GCM) | sequence (uint64 BE)
 *   | nonce (12 bytes, GCM only) | body | trailer
 * The body is gzip'd JSON lines: a header line, then one WireRecord per line. Unencrypted, the
 * trailer is the SHA-256 of everything before it (corruption shows); encrypted, the body is
 * AES-256-GCM ciphertext and the trailer its tag, with the prefix, the machine id and the file
 * name as associated data: a segment copied to another number or machine fails to open.
 * The sequence is readable in clear so a renamed segment can be named as such.
 */
const MAGIC = Buffer.from('DLSG', 'ascii');
const SEGMENT_VERSION = 1;
const CIPHER_NONE = 0;
const CIPHER_GCM = 1;
const FIXED_PREFIX = MAGIC.length + 1 + 1 + 8;
const SHA256_BYTES = 32;
/** A segment holds one batch (at most a few MB); more than this decompressed is not ours. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export type SegmentProblemKind = 'truncated' | 'renamed' | 'tampered' | 'corrupt' | 'invalid';

/** Why a segment cannot be read, in words; `kind` lets callers and tests tell the cases apart. */
export class SegmentError extends Error {
  constructor(
    readonly kind: SegmentProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'SegmentError';
  }
}

const HeaderSchema = z.strictObject({
  format: z.literal('devlog-segment'),
  version: z.literal(SEGMENT_VERSION),
  machineId: z.string(),
  machineName: z.string().optional(),
  team: z.string().optional(),
  sequence: z.int().min(1),
  records: z.int().min(0),
  createdAt: z.string(),
});

export interface SegmentIdentity {
  machineId: string;
  sequence: number;
}

export interface SegmentPrefix {
  encrypted: boolean;
  sequence: number;
  nonce: Buffer | undefined;
  length: number;
}

function associatedData(prefix: Buffer, id: SegmentIdentity): Buffer {
  return Buffer.concat([prefix, Buffer.from(`\0${id.machineId}/${segmentName(id.sequence)}`, 'utf8')]);
}

/** One batch as a segment file's bytes; encrypted when `key` is given. */
export async function encodeSegment(batch: IngestBatch, id: SegmentIdentity, key: Buffer | undefined, createdAt: string): Promise<Buffer> {
  const header = {
    format: 'devlog-segment',
    version: SEGMENT_VERSION,
    machineId: id.machineId,
    ...(batch.machineName !== undefined ? { machineName: batch.machineName } : {}),
    ...(batch.team !== undefined ? { team: batch.team } : {}),
    sequence: id.sequence,
    records: batch.records.length,
    createdAt,
  };
  const lines = [JSON.stringify(header), ...batch.records.map((r) => JSON.stringify(r))].join('\n') + '\n';
  const body = await gzip(Buffer.from(lines, 'utf8'));
  const fixed = Buffer.alloc(FIXED_PREFIX);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt8(SEGMENT_VERSION, 4);
  fixed.writeUInt8(key ? CIPHER_GCM : CIPHER_NONE, 5);
  fixed.writeBigUInt64BE(BigInt(id.sequence), 6);
  if (!key) {
    const unsealed = Buffer.concat([fixed, body]);
    return Buffer.concat([unsealed, Buffer.from(sha256(unsealed), 'hex')]);
  }
  // A fresh random nonce per segment: with 96 random bits, a repeat is out of reach for any number of segments one folder will hold.
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const prefix = Buffer.concat([fixed, nonce]);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(prefix, id));
  const sealed = Buffer.concat([cipher.update(body), cipher.final()]);
  return Buffer.concat([prefix, sealed, cipher.getAuthTag()]);
}

/** The clear part of a segment (cipher and sequence), before anything is verified. */
export function readPrefix(data: Buffer): SegmentPrefix {
  if (data.length < FIXED_PREFIX || !data.subarray(0, 4).equals(MAGIC)) {
    throw new SegmentError(data.length < FIXED_PREFIX ? 'truncated' : 'corrupt', 'not a devlog segment (bad or missing header)');
  }
  const version = data.readUInt8(4);
  if (version !== SEGMENT_VERSION) throw new SegmentError('invalid', `segment format ${version} is not one this devlog reads (${SEGMENT_VERSION})`);
  const cipher = data.readUInt8(5);
  if (cipher !== CIPHER_NONE && cipher !== CIPHER_GCM) throw new SegmentError('corrupt', `unknown cipher ${cipher}`);
  const sequence = Number(data.readBigUInt64BE(6));
  const encrypted = cipher === CIPHER_GCM;
  const length = FIXED_PREFIX + (encrypted ? NONCE_BYTES : 0);
  if (data.length < length + (encrypted ? TAG_BYTES : SHA256_BYTES)) throw new SegmentError('truncated', 'the file ends inside its header');
  return { encrypted, sequence, nonce: encrypted ? data.subarray(FIXED_PREFIX, length) : undefined, length };
}

/** Verifies and opens a segment; throws SegmentError saying what is wrong. Never returns unverified records. */
export async function decodeSegment(data: Buffer, id: SegmentIdentity, key: Buffer | undefined): Promise<IngestBatch> {
  const prefix = readPrefix(data);
  if (prefix.sequence !== id.sequence) {
    throw new SegmentError('renamed', `it holds segment ${prefix.sequence}, not ${id.sequence} (renamed or copied over)`);
  }
  let body: Buffer;
  if (!prefix.encrypted) {
    const end = data.length - SHA256_BYTES;
    if (sha256(data.subarray(0, end)) !== data.subarray(end).toString('hex')) throw new SegmentError('corrupt', 'its SHA-256 does not match its content (corrupted)');
    body = data.subarray(prefix.length, end);
  } else {
    if (!key) throw new SegmentError('invalid', 'it is encrypted and no passphrase was given');
    const end = data.length - TAG_BYTES;
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, prefix.nonce!);
    decipher.setAAD(associatedData(data.subarray(0, prefix.length), id));
    decipher.setAuthTag(data.subarray(end));
    try {
      body = Buffer.concat([decipher.update(data.subarray(prefix.length, end)), decipher.final()]);
    } catch {
      throw new SegmentError('tampered', 'it fails authentication (changed, corrupted, or moved from another name or machine)');
    }
  }
  let text: string;
  try {
    text = (await gunzip(body, { maxOutputLength: MAX_INFLATED_BYTES })).toString('utf8');
  } catch (err) {
    throw new SegmentError('corrupt', `its body does not decompress (${(err as Error).message})`);
  }
  return parseLines(text, id);
}

function parseLines(text: string, id: SegmentIdentity): IngestBatch {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = HeaderSchema.safeParse(parseJson(lines[0] ?? '', 1));
  if (!header.success) throw new SegmentError('invalid', `line 1 (header): ${header.error.issues[0]!.path.join('.')} ${header.error.issues[0]!.message}`);
  if (header.data.machineId !== id.machineId || header.data.sequence !== id.sequence) {
    throw new SegmentError('renamed', `its header says machine ${header.data.machineId} segment ${header.data.sequence}`);
  }
  if (lines.length - 1 !== header.data.records) throw new SegmentError('truncated', `${lines.length - 1} records where the header says ${header.data.records}`);
  const records: WireRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const parsed = WireRecord.safeParse(parseJson(lines[i]!, i + 1));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SegmentError('invalid', `line ${i + 1}: field ${issue.path.join('.') || '(record)'}: ${issue.message}`);
    }
    records.push(parsed.data);
  }
  const batch = IngestBatch.safeParse({
    machineId: header.data.machineId,
    ...(header.data.machineName !== undefined ? { machineName: header.data.machineName } : {}),
    ...(header.data.team !== undefined ? { team: header.data.team } : {}),
    records,
  });
  if (!batch.success) throw new SegmentError('invalid', `batch: ${batch.error.issues[0]!.path.join('.')} ${batch.error.issues[0]!.message}`);
  return batch.data;
}

function parseJson(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    throw new SegmentError('invalid', `line ${lineNumber} is not JSON (${(err as Error).message})`);
  }
}
