import type { EngineStatus } from '../../src-shared/contract/index.js';
import type { WorkerHostState } from '../worker-host/worker-host.js';

export const TRAY_STATES = ['first-run', 'synced', 'syncing', 'paused', 'offline', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayInput {
  worker: WorkerHostState;
  status: EngineStatus | undefined;
  /** The user has not finished onboarding yet. */
  firstRun: boolean;
  /** Some remote cannot be reached (filled in once remotes exist). */
  remotesOffline?: boolean;
}

/** One icon state from everything main knows; errors win over everything else. */
export function trayStateFor(input: TrayInput): TrayState {
  const { worker, status } = input;
  if (worker.kind === 'failed' || status?.state === 'error') return 'error';
  if (input.firstRun) return 'first-run';
  if (status?.state === 'paused') return 'paused';
  if (worker.kind !== 'ready' || !status) return 'syncing';
  if (status.state === 'scanning' || status.state === 'starting') return 'syncing';
  if (input.remotesOffline) return 'offline';
  return 'synced';
}

function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** Tooltip: what is happening, when data last arrived, and how many remotes there are. */
export function trayTooltip(state: TrayState, input: TrayInput, remoteCount: number, now = Date.now()): string {
  const lines = ['devlog'];
  switch (state) {
    case 'error':
      lines.push(input.worker.kind === 'failed' ? `Error: ${input.worker.reason}` : `Error: ${input.status?.error ?? 'see status'}`);
      break;
    case 'first-run':
      lines.push('Welcome: open devlog to set up');
      break;
    case 'paused':
      lines.push('Paused');
      break;
    case 'syncing': {
      const p = input.status?.progress;
      lines.push(p && p.phase === 'scanning' && p.filesTotal ? `Syncing ${p.filesDone}/${p.filesTotal} files` : 'Syncing');
      break;
    }
    case 'offline':
      lines.push('Offline: some remotes are unreachable');
      break;
    case 'synced':
      lines.push('Up to date');
      break;
  }
  const last = input.status?.sources.map((s) => s.lastEventAt).filter((t): t is string => !!t).sort().at(-1);
  if (last) lines.push(`Last session activity ${ago(last, now)}`);
  lines.push(remoteCount === 0 ? 'No remotes: everything stays on this machine' : `${remoteCount} remote${remoteCount === 1 ? '' : 's'}`);
  return lines.join('\n');
}
