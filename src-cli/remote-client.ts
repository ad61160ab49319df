import type { RemotesMethods } from '../src-shared/contract/index.js';
import { RemoteManager } from '../src-worker/remotes/remote-manager.js';
import { remoteHandlers } from '../src-worker/rpc/remotes.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { withEngineOrStore, type MethodCall } from './engine-or-store.js';

/** One remotes.* call, whether the running engine or this process answers it. */
export type RemotesCall = MethodCall<RemotesMethods>;

/** `remote test` waits for a server that may take its time (the check itself gives up after 10 s). */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Runs `use` against the running engine's remotes.* RPC, so its exporters see the change at once;
 * without an engine, against the same handlers on the data folder opened here (config.json, the
 * store for `test`, the keychain).
 */
export function withRemotes<T>(use: (call: RemotesCall) => Promise<T>): Promise<T> {
  return withEngineOrStore<RemotesMethods, T>((engine) => remoteHandlers(new RemoteManager(engine, createSecretStore())), use, ANSWER_TIMEOUT_MS);
}
