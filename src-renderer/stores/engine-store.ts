import { create } from 'zustand';
import type { DevlogEvents, DevlogMethods, EngineStatus } from '../../src-shared/contract/index.js';
import { backoffDelay } from '../../src-shared/backoff.js';
import { RpcClient } from '../../src-shared/rpc/client.js';
import { connectTransport } from '../transport/choose.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

interface EngineStore {
  connection: ConnectionState;
  status: EngineStatus | undefined;
  lastError: string | undefined;
  client: RpcClient<DevlogMethods, DevlogEvents> | undefined;
}

export const useEngineStore = create<EngineStore>(() => ({
  connection: 'connecting',
  status: undefined,
  lastError: undefined,
  client: undefined,
}));

/**
 * Connects, loads the status, follows pushed changes, and reconnects with backoff when the
 * engine goes away (worker restart in Electron, `devlog start` restarted in headless).
 */
export async function startEngineConnection(attempt = 0): Promise<void> {
  useEngineStore.setState({ connection: 'connecting' });
  try {
    const client = new RpcClient<DevlogMethods, DevlogEvents>(await connectTransport(), { timeoutMs: 30_000 });
    client.on('status.changed', (status) => useEngineStore.setState({ status }));
    client.onClose((reason) => {
      useEngineStore.setState({ connection: 'disconnected', client: undefined, lastError: reason });
      setTimeout(() => void startEngineConnection(0), 1000);
    });
    const status = await client.call('status.get');
    useEngineStore.setState({ connection: 'connected', client, status, lastError: undefined });
  } catch (err) {
    // A local engine comes back within seconds (worker restart, `devlog start` again): retry often.
    const delay = backoffDelay(attempt, { baseMs: 500, maxMs: 5_000 });
    useEngineStore.setState({ connection: 'disconnected', lastError: (err as Error).message });
    setTimeout(() => void startEngineConnection(attempt + 1), delay);
  }
}
