import { resolveSecret } from '../secrets/resolve-secret.js';
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { ExportError } from './sink.js';

/**
 * A remote's token or passphrase from where config.json says it is: `${VAR}` from the
 * environment, `keychain` from the SecretStore under `remote/<name>/<kind>`. Asked on every use,
 * so a secret changed with `remote edit` counts at once. Missing ones are `auth` errors in words.
 */
export async function secretFor(
  remote: RemoteConfig,
  kind: 'token' | 'passphrase',
  secrets: SecretStore | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const ref = remote[kind];
  if (ref === undefined) return undefined;
  if (ref === 'keychain' && !secrets) {
    const flag = kind === 'token' ? '--token' : '--passphrase';
    throw new ExportError(`the ${kind} of remote "${remote.name}" is in the OS keychain, which this process cannot reach: use ${flag}-env VAR`, 'auth');
  }
  try {
    return await resolveSecret(ref, remote.name, kind, secrets ?? new MemorySecretStore(), env);
  } catch (err) {
    // Missing or unreachable secrets stop this remote in words until it is edited or tested.
    throw new ExportError((err as Error).message, 'auth');
  }
}

/** The bearer token of a server remote (undefined: it has none). */
export function tokenFor(remote: RemoteConfig, secrets: SecretStore | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return secretFor(remote, 'token', secrets, env);
}
