import zlib from 'node:zlib';
import type { RawRecord } from '../../sources/types.js';
import { contentHash } from './hash.js';

/** The original records of one commit, compressed as one blob: what `raw_records` keeps. */
export interface PackedRaw {
  hash: string;
  offset: number | null;
  endOffset: number | null;
  firstLine: number | null;
  count: number;
  data: Uint8Array;
}

/**
 * One compressed blob per commit: a far better ratio and speed than one per line. Pure CPU work,
 * so the parse thread does it and only the small blob crosses to the engine thread.
 */
export function packRaw(raw: readonly RawRecord[]): PackedRaw | undefined {
  if (!raw.length) return undefined;
  const text = raw.map((r) => r.text).join('\n');
  const first = raw[0]!;
  const last = raw[raw.length - 1]!;
  return {
    hash: contentHash(text),
    offset: first.offset ?? null,
    endOffset: last.offset !== undefined ? last.offset + Buffer.byteLength(last.text) : null,
    firstLine: first.line ?? null,
    count: raw.length,
    data: zlib.deflateRawSync(text, { level: 1 }),
  };
}
