import { KeychainSecretStore } from './keychain-secret-store.js';
import type { SecretStore } from './secret-store.js';

/** The engine's and the CLI's secret store: the OS keychain (loaded when first used). */
export function createSecretStore(): SecretStore {
  return new KeychainSecretStore();
}
