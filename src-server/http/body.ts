import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { HttpError, badRequest } from './errors.js';

const gunzip = promisify(zlib.gunzip);
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Deeper JSON than this is refused: validators and PostgreSQL's jsonb both recurse. */
export const MAX_JSON_DEPTH = 64;

function tooLarge(limit: number): HttpError {
  return new HttpError('PAYLOAD_TOO_LARGE', `body is larger than the limit of ${limit} bytes`, undefined, { connection: 'close' });
}

/** Reads the raw body, refusing (413) as soon as it passes `limit`: nothing bigger is buffered. */
function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (err) {
        req.resume(); // discard the rest; the 413 goes out with Connection: close
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(tooLarge(limit));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(null));
    req.once('error', (err) => finish(err));
    req.once('close', () => finish(badRequest('request aborted before its end'))); // no-op after 'end'
  });
}

/** An iterative depth check, so a hostile "[[[[...]]]]" cannot overflow any recursive code later. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) max = depth;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * The JSON body of a request: application/json only, gzip or identity, UTF-8 only, at most
 * `limit` bytes both on the wire and once decompressed (a zip bomb stops at the limit).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const [mime, ...params] = type.split(';').map((s) => s.trim());
  if (mime !== 'application/json') throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'content-type must be application/json');
  const charset = params.find((p) => p.startsWith('charset='));
  if (charset && !/^charset="?utf-8"?$/.test(charset)) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'charset must be utf-8');
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity' && encoding !== 'gzip') throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'content-encoding must be gzip or identity');

  let raw = await readRaw(req, limit);
  if (encoding === 'gzip') {
    try {
      raw = await gunzip(raw, { maxOutputLength: limit });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(limit);
      throw badRequest('body is not valid gzip');
    }
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw badRequest('body is not valid UTF-8');
  }
  if (text.trim() === '') throw badRequest('body is empty: expected a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`malformed JSON: ${(err as Error).message}`);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw badRequest(`JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}
