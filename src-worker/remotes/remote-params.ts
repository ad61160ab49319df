import { z } from 'zod';
import type { RemoteAddParams, RemoteEditParams } from '../../src-shared/contract/index.js';
import { AGENT_IDS } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { REMOTE_NAME } from '../config/remote-schema.js';
import { workspaceMatcher } from '../query/workspace-glob.js';

/**
 * The shapes `remotes.add` and `remotes.edit` accept (from the CLI and, over the wire, the UI):
 * a bad field is a BAD_REQUEST naming it, before any secret is stored or config.json written.
 */
const glob = z.string().min(1).refine(
  (g) => {
    try {
      workspaceMatcher(g);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a usable glob (at most 1,024 characters and 64 {a,b} alternatives)' },
);

const url = z.string().refine(
  (u) => {
    try {
      const parsed = new URL(u);
      if (parsed.protocol === 'file:') return parsed.pathname.length > 1 && (parsed.host === '' || parsed.host === 'localhost');
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' && !parsed.username && !parsed.password;
    } catch {
      return false;
    }
  },
  { message: 'expected a devlog server (http(s)://host[:port]) or a folder (file:///path), without a user or password in it' },
);

const envRef = z.string().regex(/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/, 'expected "${ENV_VAR}" (a secret itself goes in tokenValue or passphraseValue, which end up in the keychain)');
const secret = z.string().min(1, 'empty secret').max(4096, 'longer than 4096 characters');

const fields = {
  url,
  auto: z.boolean().optional(),
  intervalSeconds: z.number().int().min(5).max(86_400).optional(),
  include: z.array(glob).optional(),
  exclude: z.array(glob).optional(),
  agents: z.array(z.enum(AGENT_IDS)).optional(),
  redact: z.boolean().optional(),
  pull: z.boolean().optional(),
  paused: z.boolean().optional(),
  token: envRef.optional(),
  passphrase: envRef.optional(),
  tokenValue: secret.optional(),
  passphraseValue: secret.optional(),
};

/** A remote's name as a parameter (remotes.*, and machines.* naming the remote to ask). */
export const remoteName = z.string().regex(REMOTE_NAME, 'letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit');

const bothSecretForms = (p: { token?: string; tokenValue?: string; passphrase?: string; passphraseValue?: string }, ctx: z.RefinementCtx) => {
  if (p.token !== undefined && p.tokenValue !== undefined) ctx.addIssue({ code: 'custom', path: ['token'], message: 'give the token either as a value (keychain) or as "${ENV_VAR}", not both' });
  if (p.passphrase !== undefined && p.passphraseValue !== undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'give the passphrase either as a value (keychain) or as "${ENV_VAR}", not both' });
};

const AddSchema = z.strictObject({ name: remoteName, ...fields }).superRefine(bothSecretForms);
const EditSchema = z.strictObject({ name: remoteName, ...fields, url: url.optional() }).superRefine(bothSecretForms);

/** `params` checked against `schema`, or a BAD_REQUEST naming the first bad (or unknown) field. */
export function parseParams<T>(schema: z.ZodType<T>, method: string, params: unknown): T {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.join('.') || '(params)';
  throw new DevlogError(ErrorCodes.BadRequest, `${method}: field ${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`, field);
}

export const parseAddParams = (p: unknown): RemoteAddParams => parseParams(AddSchema, 'remotes.add', p);
export const parseEditParams = (p: unknown): RemoteEditParams => parseParams(EditSchema, 'remotes.edit', p);
export const parseRemoteName = (method: string, p: unknown): string => parseParams(z.strictObject({ name: remoteName }), method, p).name;

/** A routing preview (the wizard and the Remotes page, while the rules are typed). */
const PreviewSchema = z.strictObject({ include: fields.include, exclude: fields.exclude, agents: fields.agents });
/** Test connection for a remote not saved yet: the secret is used for this one request only. */
const CheckSchema = z.strictObject({ url, tokenValue: fields.tokenValue, passphraseValue: fields.passphraseValue });

export const parsePreviewParams = (p: unknown) => parseParams(PreviewSchema, 'remotes.preview', p);
export const parseCheckParams = (p: unknown) => parseParams(CheckSchema, 'remotes.check', p);
