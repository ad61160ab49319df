import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** scrypt's cost, recorded in the manifest so a reader derives the same key. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8: about 32 MB and a tenth of a second, once per folder and process (keys are cached). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
/** What a reader accepts from a manifest: enough for any sane choice, too little to exhaust memory on purpose. */
export const SCRYPT_LIMITS = { minLogN: 10, maxLogN: 20, maxR: 32, maxP: 16 } as const;
export const SALT_BYTES = 16;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** Two independent keys from one passphrase: segments are encrypted with one, the manifest authenticated with the other. */
export interface FolderKeys {
  segmentKey: Buffer;
  macKey: Buffer;
  /** A MAC of a fixed text: tells "wrong passphrase" apart from "manifest changed". */
  keyCheck: string;
}

export async function deriveKeys(passphrase: string, salt: Buffer, params: ScryptParams): Promise<FolderKeys> {
  const maxmem = 256 * params.N * params.r + 4 * 1024 * 1024;
  const master = await scrypt(passphrase.normalize('NFC'), salt, 32, { N: params.N, r: params.r, p: params.p, maxmem });
  const segmentKey = Buffer.from(crypto.hkdfSync('sha256', master, salt, 'devlog folder segments v1', 32));
  const macKey = Buffer.from(crypto.hkdfSync('sha256', master, salt, 'devlog folder manifest v1', 32));
  return { segmentKey, macKey, keyCheck: hmac(macKey, 'devlog folder key check v1') };
}

export function hmac(key: Buffer, text: string): string {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && crypto.timingSafeEqual(x, y);
}

/** Caches derived keys per passphrase and parameters: scrypt is deliberately slow. */
export class KeyCache {
  private readonly keys = new Map<string, Promise<FolderKeys>>();

  get(passphrase: string, salt: Buffer, params: ScryptParams): Promise<FolderKeys> {
    const id = `${sha256(passphrase)}:${salt.toString('base64')}:${params.N}:${params.r}:${params.p}`;
    let keys = this.keys.get(id);
    if (!keys) {
      keys = deriveKeys(passphrase, salt, params);
      keys.catch(() => this.keys.delete(id));
      this.keys.set(id, keys);
    }
    return keys;
  }
}
