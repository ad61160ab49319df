import type { EngineStatus } from '../../../src-shared/contract/index.js';
import type { ConnectionState } from '../../stores/engine-store.js';

export type OverallState = 'disconnected' | 'error' | 'paused' | 'syncing' | 'offline' | 'synced';

/** The popover's one-glance state, by the tray's rules: errors first, then paused, syncing, offline. */
export function overallState(status: EngineStatus | undefined, connection: ConnectionState): { state: OverallState; words: string } {
  if (connection !== 'connected' || !status) return { state: 'disconnected', words: 'Not connected' };
  const failed = status.remotes.find((r) => r.state === 'error');
  if (status.state === 'error') return { state: 'error', words: `Error: ${status.error ?? 'see Activity'}` };
  if (failed) return { state: 'error', words: `Cannot export to ${failed.name}` };
  if (status.paused) return { state: 'paused', words: 'Paused' };
  if (status.state === 'scanning' || status.state === 'starting') return { state: 'syncing', words: 'Syncing history' };
  const offline = status.remotes.filter((r) => r.state === 'offline');
  if (offline.length) return { state: 'offline', words: `Offline: ${offline.map((r) => r.name).join(', ')}` };
  return { state: 'synced', words: 'Up to date' };
}
