import { secretAccount, type SecretStore } from '../secrets/secret-store.js';
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
  const flag = kind === 'token' ? '--token' : '--passphrase';
  const envName = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref)?.[1];
  if (envName) {
    const value = env[envName];
    if (!value) throw new ExportError(`the ${kind} of remote "${remote.name}" is \${${envName}}, which is not set in the engine's environment`, 'auth');
    return value;
  }
  if (!secrets) throw new ExportError(`the ${kind} of remote "${remote.name}" is in the OS keychain, which this process cannot reach: use ${flag}-env VAR`, 'auth');
  const value = await secrets.get(secretAccount(remote.name, kind));
  if (value === undefined) throw new ExportError(`the ${kind} of remote "${remote.name}" should be in the OS keychain but is not there: set it with \`devlog remote edit ${remote.name} ${flag}-stdin\``, 'auth');
  return value;
}

/** The bearer token of a server remote (undefined: it has none). */
export function tokenFor(remote: RemoteConfig, secrets: SecretStore | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return secretFor(remote, 'token', secrets, env);
}
