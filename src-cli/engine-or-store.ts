import type { MethodMap } from '../src-shared/rpc/envelope.js';
import type { Handlers } from '../src-shared/rpc/server.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { readDaemonInfo } from '../src-worker/daemon-file.js';
import { Engine } from '../src-worker/engine.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { connectToDaemon, DAEMON_CONNECT_TIMEOUT_MS } from './daemon-client.js';

/** One call of a method group, whether the running engine or this process answers it. */
export type MethodCall<M extends MethodMap> = <K extends keyof M>(method: K, params: M[K]['params']) => Promise<M[K]['result']>;

/**
 * Runs `use` against the running engine's RPC, so the engine and its exporters see the change at
 * once; without an engine, against the same handlers (`handlersFor`) on the data folder opened
 * here, holding the engine lock so no engine starts meanwhile.
 */
export async function withEngineOrStore<M extends MethodMap, T>(
  handlersFor: (engine: Engine) => Handlers<M>,
  use: (call: MethodCall<M>) => Promise<T>,
  answerMs: number,
): Promise<T> {
  const paths = homePaths(resolveDevlogHome());
  const daemon = readDaemonInfo(paths.daemon);
  if (daemon) {
    const client = await connectToDaemon(paths, daemon, { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs }).catch((err: unknown) => {
      // A refused connection is a daemon file left by an engine that died: work offline.
      if (err instanceof DevlogError && err.code === ErrorCodes.Timeout) throw err;
      return undefined;
    });
    if (client) {
      try {
        const call = client.call.bind(client) as unknown as (method: string, params: unknown) => Promise<never>;
        return await use((method, params) => call(method as string, params));
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
    const handlers = handlersFor(engine);
    const ctx = { connectionId: 0, signal: new AbortController().signal };
    return await use((method, params) => Promise.resolve((handlers[method] as (p: unknown, c: typeof ctx) => never)(params, ctx)));
  } finally {
    engine.dispose();
  }
}
