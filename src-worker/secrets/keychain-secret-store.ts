import type * as Keytar from 'keytar';
import { loadKeytar } from '../native.js';
import type { SecretStore } from './secret-store.js';

/** Every devlog secret sits in the OS keychain under this service name. */
export const KEYCHAIN_SERVICE = 'devlog';

/** A locked keyring can wait forever for an unlock prompt nobody sees; a call gives up after this. */
export const KEYCHAIN_TIMEOUT_MS = 15_000;

const HOW_TO_FIX =
  process.platform === 'linux'
    ? 'install a Secret Service (Debian/Ubuntu: `apt-get install libsecret-1-0 gnome-keyring`, then reinstall devlog so keytar builds) or keep the secret in an environment variable with --token-env VAR (--passphrase-env VAR)'
    : 'reinstall devlog so keytar builds (`npm install`), or keep the secret in an environment variable with --token-env VAR (--passphrase-env VAR)';

const HOW_TO_UNLOCK = 'unlock the keyring (log in to the desktop, or `gnome-keyring-daemon --unlock`) or keep the secret in an environment variable with --token-env VAR (--passphrase-env VAR)';

/** Why the keychain cannot be used, in one line with what to do about it. */
export class KeychainUnavailableError extends Error {
  constructor(reason: string) {
    super(`the OS keychain is not available (${reason}): ${/locked/i.test(reason) ? HOW_TO_UNLOCK : HOW_TO_FIX}`);
    this.name = 'KeychainUnavailableError';
  }
}

/** The first line of a native error, with keytar's own absence said in words. */
function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/Cannot find module .*keytar/.test(text)) return 'keytar is not installed (its build needs libsecret-1)';
  const line = text.split('\n')[0]!.trim() || 'unknown error';
  if (/Could not connect|D-Bus|org\.freedesktop\.secrets/i.test(line)) return `no Secret Service on the session D-Bus: ${line}`;
  return line;
}

/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on
 * Linux) through keytar. keytar is an optional dependency loaded on first use, so a machine
 * without it still runs everything else; there every call fails with one KeychainUnavailableError.
 */
export class KeychainSecretStore implements SecretStore {
  private keytar: typeof Keytar | undefined;
  private loadError: KeychainUnavailableError | undefined;

  constructor(
    private readonly load: () => typeof Keytar = loadKeytar,
    private readonly timeoutMs = KEYCHAIN_TIMEOUT_MS,
  ) {}

  async get(account: string): Promise<string | undefined> {
    return (await this.call((k) => k.getPassword(KEYCHAIN_SERVICE, account))) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.call((k) => k.setPassword(KEYCHAIN_SERVICE, account, value));
  }

  async delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));
  }

  private module(): typeof Keytar {
    if (this.keytar) return this.keytar;
    if (this.loadError) throw this.loadError;
    try {
      this.keytar = this.load();
      return this.keytar;
    } catch (err) {
      this.loadError = new KeychainUnavailableError(reasonOf(err));
      throw this.loadError;
    }
  }

  private async call<T>(op: (keytar: typeof Keytar) => Promise<T>): Promise<T> {
    const keytar = this.module();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KeychainUnavailableError(`no answer within ${this.timeoutMs / 1000} s: is the keyring locked?`)), this.timeoutMs);
    });
    try {
      return await Promise.race([op(keytar), timeout]);
    } catch (err) {
      throw err instanceof KeychainUnavailableError ? err : new KeychainUnavailableError(reasonOf(err));
    } finally {
      clearTimeout(timer);
    }
  }
}
