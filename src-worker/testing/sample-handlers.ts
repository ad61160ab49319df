import { afterAll, beforeAll } from 'vitest';
import type { DevlogMethods } from '../../src-shared/contract/index.js';
import type { DevlogError } from '../../src-shared/errors.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import { writeSampleSessions } from '../query/sample-sessions.js';
import { TestStore } from '../query/test-store.js';
import { createHandlers } from '../rpc/index.js';

/**
 * A real store holding the sample sessions, shared by the tests of one describe (made before
 * the first, removed after the last), and the RPC handlers the UI calls over it.
 */
export function useSampleHandlers(): {
  store: () => TestStore;
  handlers: () => Handlers<DevlogMethods>;
  /** What a connection passes to a handler. */
  ctx: { connectionId: number; signal: AbortSignal };
} {
  let store: TestStore | undefined;
  beforeAll(() => {
    store = new TestStore();
    writeSampleSessions(store);
  });
  afterAll(() => store?.dispose());
  // A getter, because the store exists only once beforeAll has run.
  const current = () => {
    if (!store) throw new Error('useSampleHandlers: the store is made in beforeAll; use it inside a test');
    return store;
  };
  return { store: current, handlers: () => createHandlers(current().engine), ctx: { connectionId: 1, signal: new AbortController().signal } };
}

/** How a handler call failed, as [code, message]; ['no error'] when it did not. */
export async function rpcError(call: () => unknown): Promise<[string, string] | ['no error']> {
  try {
    await call();
  } catch (err) {
    return [(err as DevlogError).code, (err as DevlogError).message];
  }
  return ['no error'];
}
