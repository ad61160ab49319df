import { z } from 'zod';
import { AGENT_IDS } from '../../src-shared/domain.js';

/**
 * Where a remote's secret lives. Never the secret itself: "keychain" (the OS keychain through the
 * SecretStore, under the remote's name) or "${ENV_VAR}" (headless servers). A plaintext value
 * in config.json is refused when the file is read, naming the field.
 */
export const SecretRefSchema = z
  .string()
  .refine((v) => v === 'keychain' || /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(v), {
    message: 'expected "keychain" or "${ENV_VAR}": a token or passphrase is never stored in config.json (use --token-stdin or --token-env)',
  });

/** Remote names: what the CLI and the UI show, and the keychain account. */
export const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One remote: where to export (a devlog server or a folder), what to send, and how often. */
export const RemoteSchema = z.object({
  name: z.string().regex(REMOTE_NAME, 'letters, digits, ".", "_" or "-", at most 64'),
  /** `https://…` / `http://…` (a devlog server) or `file:///…` (a folder remote). */
  url: z.string().refine((u) => /^(https?|file):\/\//i.test(u), { message: 'expected an http(s):// or file:/// URL' }),
  /** Export on its own, every `intervalSeconds` and soon after new data. */
  auto: z.boolean().default(false),
  intervalSeconds: z.number().int().min(5).max(86_400).default(30),
  /** Workspace path globs (`~` is home). A session goes when it matches an include (or there is none) and no exclude. */
  include: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  /** Only these agents; empty means every agent. */
  agents: z.array(z.enum(AGENT_IDS)).default([]),
  /** Secrets are replaced by [REDACTED:kind] before anything leaves (on unless turned off). */
  redact: z.boolean().default(true),
  /** Also import what the user's other machines exported there (machine sync). */
  pull: z.boolean().default(false),
  /** Paused by the user: nothing is sent until resumed. */
  paused: z.boolean().default(false),
  token: SecretRefSchema.optional(),
  passphrase: SecretRefSchema.optional(),
});

export const RemotesSchema = z
  .array(RemoteSchema)
  .default([])
  .superRefine((remotes, ctx) => {
    const seen = new Set<string>();
    remotes.forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate remote name "${r.name}"` });
      seen.add(r.name);
    });
  });

export type RemoteConfig = z.infer<typeof RemoteSchema>;
export type RemoteKind = 'server' | 'folder';

export function remoteKind(url: string): RemoteKind {
  return url.toLowerCase().startsWith('file://') ? 'folder' : 'server';
}
