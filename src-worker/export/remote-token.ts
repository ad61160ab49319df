import { secretAccount, type SecretStore } from '../secrets/secret-store.js';
import type { RemoteConfig } from '../config/remote-schema.js';
import { ExportError } from './sink.js';

/**
 * A remote's token from where config.json says it is: `${VAR}` from the environment, `keychain`
 * from the SecretStore under `remote/<name>/token`. Asked on every request, so a token changed
 * with `remote edit` is used at once.
 */
export function tokenFor(remote: RemoteConfig, secrets: SecretStore | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const ref = remote.token;
  if (ref === undefined) return Promise.resolve(undefined);
  const envName = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref)?.[1];
  if (envName) {
    const value = env[envName];
    if (!value) return Promise.reject(new ExportError(`the token of remote "${remote.name}" is \${${envName}}, which is not set in the engine's environment`, 'auth'));
    return Promise.resolve(value);
  }
  if (!secrets) {
    return Promise.reject(new ExportError(`the token of remote "${remote.name}" is in the OS keychain, which this process cannot reach: use --token-env VAR`, 'auth'));
  }
  return secrets.get(secretAccount(remote.name, 'token'));
}
