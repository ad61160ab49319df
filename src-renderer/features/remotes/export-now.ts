import type { RemoteStatus } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';

/**
 * Export now (one remote, or all). An export takes as long as the backlog needs: no answer
 * timeout (a closed connection still ends the call), so a long export never reads as a failure.
 */
export async function exportNow(remote?: string): Promise<RemoteStatus[]> {
  const client = useEngineStore.getState().client;
  if (!client) throw new Error('not connected to the devlog engine');
  const { remotes } = await client.callWith({ timeoutMs: 0 }, 'export.now', remote ? { remote } : {});
  return remotes;
}
