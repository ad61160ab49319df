import { z } from 'zod';
import { hmac, sameDigest, SCRYPT_LIMITS, sha256, type FolderKeys } from './folder-crypto.js';
import { segmentName } from './layout.js';

/** The folder format's version: a reader refuses a newer one in words instead of guessing. */
export const FOLDER_FORMAT_VERSION = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits');
const base64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'expected base64');

const EncryptionSchema = z.strictObject({
  cipher: z.literal('aes-256-gcm'),
  kdf: z.literal('scrypt'),
  salt: base64.max(128),
  N: z
    .int()
    .min(2 ** SCRYPT_LIMITS.minLogN)
    .max(2 ** SCRYPT_LIMITS.maxLogN)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
  r: z.int().min(1).max(SCRYPT_LIMITS.maxR),
  p: z.int().min(1).max(SCRYPT_LIMITS.maxP),
  keyCheck: hex64,
});

const SegmentEntrySchema = z.strictObject({
  sequence: z.int().min(1),
  file: z.string(),
  bytes: z.int().min(0),
  sha256: hex64,
  records: z.int().min(0),
  encrypted: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});

export const ManifestSchema = z
  .strictObject({
    format: z.literal('devlog-folder'),
    version: z.literal(FOLDER_FORMAT_VERSION),
    machineId: z.string().min(1),
    machineName: z.string().max(200).nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
    encryption: EncryptionSchema.nullable(),
    /** Every segment this machine wrote, in order: 1, 2, 3, ... (append-only). */
    segments: z.array(SegmentEntrySchema),
    /** Over everything above: SHA-256 (corruption) or, encrypted, HMAC-SHA-256 with a key from the passphrase (tampering). */
    integrity: z.strictObject({ algorithm: z.enum(['sha256', 'hmac-sha256']), digest: hex64 }),
  })
  .superRefine((m, ctx) => {
    m.segments.forEach((s, i) => {
      if (s.sequence !== i + 1) ctx.addIssue({ code: 'custom', path: ['segments', i, 'sequence'], message: `expected ${i + 1}: segments are numbered 1, 2, 3, ...` });
      if (s.file !== segmentName(s.sequence)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'file'], message: `expected ${segmentName(s.sequence)}` });
      if (s.encrypted && !m.encryption) ctx.addIssue({ code: 'custom', path: ['segments', i, 'encrypted'], message: 'an encrypted segment in a manifest without encryption' });
    });
    if ((m.integrity.algorithm === 'hmac-sha256') !== (m.encryption !== null)) {
      ctx.addIssue({ code: 'custom', path: ['integrity', 'algorithm'], message: 'hmac-sha256 goes with encryption, sha256 without' });
    }
  });

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestBody = Omit<Manifest, 'integrity'>;
export type SegmentEntry = Manifest['segments'][number];
export type EncryptionParams = NonNullable<Manifest['encryption']>;

/** JSON with sorted keys: what the integrity digest covers, whatever order a file's keys are in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The manifest with its integrity digest; `keys` when the folder is encrypted. */
export function sealManifest(body: ManifestBody, keys: FolderKeys | undefined): Manifest {
  const text = canonicalJson(body);
  const integrity = keys ? { algorithm: 'hmac-sha256' as const, digest: hmac(keys.macKey, text) } : { algorithm: 'sha256' as const, digest: sha256(text) };
  return { ...body, integrity };
}

export function serializeManifest(manifest: Manifest): Buffer {
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

/** A manifest file's text checked against the schema; the error names the field at fault. */
export function parseManifest(text: string): { manifest: Manifest } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON (${(err as Error).message})` };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > FOLDER_FORMAT_VERSION) {
    return { error: `written by a newer devlog (folder format ${version}; this one reads ${FOLDER_FORMAT_VERSION})` };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `field ${issue.path.join('.') || '(top)'}: ${issue.message}` };
  }
  return { manifest: parsed.data };
}

export type ManifestCheck = 'ok' | 'corrupt' | 'tampered' | 'wrong-passphrase';

/** Whether the digest holds. Encrypted manifests need the keys from its own salt and parameters. */
export function checkManifest(manifest: Manifest, keys: FolderKeys | undefined): ManifestCheck {
  const { integrity, ...body } = manifest;
  const text = canonicalJson(body);
  if (!manifest.encryption) return sameDigest(integrity.digest, sha256(text)) ? 'ok' : 'corrupt';
  if (!keys) throw new Error('an encrypted manifest needs its keys');
  if (!sameDigest(manifest.encryption.keyCheck, keys.keyCheck)) return 'wrong-passphrase';
  return sameDigest(integrity.digest, hmac(keys.macKey, text)) ? 'ok' : 'tampered';
}
