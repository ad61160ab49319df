/**
 * Where remotes' tokens and passphrases live: the OS keychain (keytar) on desktops, `${ENV_VAR}`
 * references on headless servers, memory in tests. Never config.json, never a log line.
 * `account` is `remote/<name>/token` or `remote/<name>/passphrase` under the service "devlog".
 */
export interface SecretStore {
  /** The secret, or undefined when none is stored under that account. */
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True if something was deleted. */
  delete(account: string): Promise<boolean>;
}

export const secretAccount = (remote: string, kind: 'token' | 'passphrase') => `remote/${remote}/${kind}`;

/** A store in memory: tests, and a process that must not touch the keychain. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    return this.values.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.values.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.values.delete(account);
  }
}
