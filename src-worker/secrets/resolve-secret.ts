import { secretAccount, type SecretStore } from './secret-store.js';

export type SecretKind = 'token' | 'passphrase';

/** A reference as config.json holds it: "keychain" or "${ENV_VAR}". */
export function envVarOf(ref: string): string | undefined {
  return /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref)?.[1];
}

/**
 * The secret a remote's config refers to: "keychain" reads the SecretStore, "${VAR}" the
 * environment. No reference means the remote has none (undefined); a reference to nothing is an
 * error naming the remote and how to set it.
 */
export async function resolveSecret(
  ref: string | undefined,
  remote: string,
  kind: SecretKind,
  store: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  if (ref === undefined) return undefined;
  const flag = kind === 'token' ? '--token' : '--passphrase';
  if (ref === 'keychain') {
    const value = await store.get(secretAccount(remote, kind));
    if (value === undefined) throw new Error(`remote "${remote}": its ${kind} should be in the OS keychain but is not there; set it again with \`devlog remote edit ${remote} ${flag}-stdin\``);
    return value;
  }
  const name = envVarOf(ref);
  if (name === undefined) throw new Error(`remote "${remote}": ${kind} reference ${JSON.stringify(ref)} is neither "keychain" nor "\${ENV_VAR}"`);
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`remote "${remote}": its ${kind} comes from the environment variable ${name}, which is not set for the engine`);
  return value;
}
