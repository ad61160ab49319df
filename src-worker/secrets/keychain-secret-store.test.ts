import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KeychainSecretStore, KeychainUnavailableError } from './keychain-secret-store.js';
import { secretAccount } from './secret-store.js';

const RUN_WITH_KEYRING =
  "this test needs a Secret Service: apt-get install gnome-keyring dbus, then run it as dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run ...' (CI does)";

describe('KeychainSecretStore against the real Secret Service', () => {
  it('keeps a secret in the keychain, where a second store (another process) finds it, until deleted', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(RUN_WITH_KEYRING);
    const account = secretAccount(`test-${crypto.randomUUID()}`, 'token');
    const writer = new KeychainSecretStore();
    await writer.set(account, 'dlg_secret-1');
    try {
      expect(await new KeychainSecretStore().get(account)).toBe('dlg_secret-1');
      await writer.set(account, 'dlg_secret-2');
      expect(await new KeychainSecretStore().get(account)).toBe('dlg_secret-2');
    } finally {
      expect(await writer.delete(account)).toBe(true);
    }
    expect(await writer.get(account)).toBeUndefined();
    expect(await writer.delete(account)).toBe(false);
  });

  it('fails every call with one line naming what to install when keytar cannot load', async () => {
    const require = createRequire(import.meta.url);
    const store = new KeychainSecretStore(() => require('/nonexistent/node_modules/keytar') as never);
    for (const call of [() => store.get('a'), () => store.set('a', 'b'), () => store.delete('a')]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(KeychainUnavailableError);
      const message = (err as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/keytar is not installed/);
      expect(message).toMatch(/apt-get install libsecret-1-0 gnome-keyring/);
      expect(message).toMatch(/--token-env VAR/);
    }
  });
});
