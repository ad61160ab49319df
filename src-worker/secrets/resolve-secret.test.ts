import { describe, expect, it } from 'vitest';
import { resolveSecret } from './resolve-secret.js';
import { MemorySecretStore, secretAccount } from './secret-store.js';

describe('resolveSecret', () => {
  it('reads "keychain" from the store under the remote\'s account and "${VAR}" from the environment', async () => {
    const store = new MemorySecretStore();
    await store.set(secretAccount('team', 'token'), 'tok-1');
    await store.set(secretAccount('team', 'passphrase'), 'pass-1');
    expect(await resolveSecret('keychain', 'team', 'token', store, {})).toBe('tok-1');
    expect(await resolveSecret('keychain', 'team', 'passphrase', store, {})).toBe('pass-1');
    expect(await resolveSecret('${TEAM_TOKEN}', 'team', 'token', store, { TEAM_TOKEN: 'from-env' })).toBe('from-env');
    expect(await resolveSecret(undefined, 'team', 'token', store, {})).toBeUndefined();
  });

  it('says which remote lacks its secret and how to set it', async () => {
    const store = new MemorySecretStore();
    await expect(resolveSecret('keychain', 'work', 'token', store, {})).rejects.toThrow(
      'remote "work": its token should be in the OS keychain but is not there; set it again with `devlog remote edit work --token-stdin`',
    );
    await expect(resolveSecret('${NOPE}', 'home-nas', 'passphrase', store, {})).rejects.toThrow(
      'remote "home-nas": its passphrase comes from the environment variable NOPE, which is not set for the engine',
    );
  });
});
