import type { EngineStatus } from '../../src-shared/contract/index.js';
import type { WorkerHostState } from '../worker-host/worker-host.js';

export const TRAY_STATES = ['first-run', 'synced', 'syncing', 'paused', 'offline', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayInput {
  worker: WorkerHostState;
  status: EngineStatus | undefined;
  /** The user has not finished onboarding yet. */
  firstRun: boolean;
}

/**
 * One icon state from everything main knows: the worker, the engine and every remote. Errors win
 * over everything else; derived afresh each time, so an error clears as soon as its cause is gone.
 */
export function trayStateFor(input: TrayInput): TrayState {
  const { worker, status } = input;
  const remotes = status?.remotes ?? [];
  if (worker.kind === 'failed' || status?.state === 'error' || remotes.some((r) => r.state === 'error')) return 'error';
  if (input.firstRun) return 'first-run';
  if (status?.state === 'paused') return 'paused';
  if (worker.kind !== 'ready' || !status) return 'syncing';
  if (status.state === 'scanning' || status.state === 'starting') return 'syncing';
  if (remotes.some((r) => r.state === 'offline')) return 'offline';
  if (remotes.some((r) => r.exporting)) return 'syncing';
  return 'synced';
}

function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** The first remote in error, said with its name and reason (the tooltip and the notification). */
export function remoteErrorLine(status: EngineStatus | undefined): string | undefined {
  const failed = status?.remotes.find((r) => r.state === 'error');
  return failed ? `${failed.name}: ${failed.lastError ?? 'export failed'}` : undefined;
}

/** Tooltip: what is happening, when data last arrived and last left, and how many remotes there are. */
export function trayTooltip(state: TrayState, input: TrayInput, now = Date.now()): string {
  const lines = ['devlog'];
  const remotes = input.status?.remotes ?? [];
  switch (state) {
    case 'error':
      lines.push(
        input.worker.kind === 'failed'
          ? `Error: ${input.worker.reason}`
          : input.status?.state === 'error'
            ? `Error: ${input.status.error ?? 'see status'}`
            : `Export error: ${remoteErrorLine(input.status)}`,
      );
      break;
    case 'first-run':
      lines.push('Welcome: open devlog to set up');
      break;
    case 'paused':
      lines.push('Paused');
      break;
    case 'syncing': {
      const p = input.status?.progress;
      const sending = remotes.filter((r) => r.exporting).map((r) => r.name);
      lines.push(p && p.phase === 'scanning' && p.filesTotal ? `Syncing ${p.filesDone}/${p.filesTotal} files` : sending.length ? `Exporting to ${sending.join(', ')}` : 'Syncing');
      break;
    }
    case 'offline': {
      const names = remotes.filter((r) => r.state === 'offline').map((r) => r.name);
      lines.push(`Offline: cannot reach ${names.join(', ')}`);
      break;
    }
    case 'synced':
      lines.push('Up to date');
      break;
  }
  const last = input.status?.sources.map((s) => s.lastEventAt).filter((t): t is string => !!t).sort().at(-1);
  if (last) lines.push(`Last session activity ${ago(last, now)}`);
  const lastSync = remotes.map((r) => r.lastSuccessAt).filter((t): t is string => !!t).sort().at(-1);
  if (lastSync) lines.push(`Last export ${ago(lastSync, now)}`);
  lines.push(remotes.length === 0 ? 'No remotes: everything stays on this machine' : `${remotes.length} remote${remotes.length === 1 ? '' : 's'}`);
  return lines.join('\n');
}
