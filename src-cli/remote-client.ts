import type { RemotesMethods } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { Engine } from '../src-worker/engine.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { RemoteManager } from '../src-worker/remotes/remote-manager.js';
import { remoteHandlers } from '../src-worker/rpc/remotes.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { connectToDaemon, DAEMON_CONNECT_TIMEOUT_MS } from './daemon-client.js';

/** One remotes.* call, whether the running engine or this process answers it. */
export type RemotesCall = <K extends keyof RemotesMethods>(method: K, params: RemotesMethods[K]['params']) => Promise<RemotesMethods[K]['result']>;

/** `remote test` waits for a server that may take its time (the check itself gives up after 10 s). */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Runs `use` against the running engine's remotes.* RPC, so its exporters see the change at once;
 * without an engine, against the same handlers on the data folder opened here (config.json, the
 * store for `test`, the keychain), holding the engine lock so no engine starts meanwhile.
 */
export async function withRemotes<T>(use: (call: RemotesCall) => Promise<T>): Promise<T> {
  const paths = homePaths(resolveDevlogHome());
  const daemon = readDaemonInfo(paths.daemon);
  if (daemon) {
    const client = await connectToDaemon(paths, daemon, { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs: ANSWER_TIMEOUT_MS }).catch((err: unknown) => {
      // A refused connection is a daemon file left by an engine that died: work offline.
      if (err instanceof DevlogError && err.code === ErrorCodes.Timeout) throw err;
      return undefined;
    });
    if (client) {
      try {
        const call = client.call.bind(client) as unknown as (method: string, params: unknown) => Promise<never>;
        return await use((method, params) => call(method, params));
      } finally {
        client.dispose();
      }
    }
  }
  let engine: Engine;
  try {
    engine = Engine.open({ home: paths.home });
  } catch (err) {
    if (err instanceof DevlogError && err.code === ErrorCodes.Busy) throw new DevlogError(ErrorCodes.Busy, 'another devlog process holds this data folder (an engine starting, or reparse / doctor --fix); try again when it is done');
    throw err;
  }
  try {
    const handlers = remoteHandlers(new RemoteManager(engine, createSecretStore()));
    const ctx = { connectionId: 0, signal: new AbortController().signal };
    return await use((method, params) => Promise.resolve((handlers[method] as (p: unknown, c: typeof ctx) => never)(params, ctx)));
  } finally {
    engine.dispose();
  }
}
