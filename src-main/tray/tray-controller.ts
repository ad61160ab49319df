import { FailureNotifier } from '../notify/failure-notifier.js';
import { RemoteErrorNotifier } from '../notify/remote-error-notifier.js';
import type { TrayMenuState } from './tray-menu.js';
import { trayStateFor, trayTooltip, type TrayInput, type TrayState } from './tray-state.js';

export interface TraySurface {
  update(state: TrayState, tooltip: string, menu: TrayMenuState): void;
}

/**
 * Turns what main knows (worker, composed engine status with remotes, first run) into the tray's
 * icon, tooltip and menu, and the notifications: a remote turning to error, a worker that
 * cannot run (said once, e.g. a store from a newer devlog).
 */
export class TrayController {
  private readonly remoteErrors: RemoteErrorNotifier;
  private readonly failures: FailureNotifier;

  constructor(
    private readonly tray: TraySurface,
    notify: (title: string, body: string) => void,
  ) {
    this.remoteErrors = new RemoteErrorNotifier((n) => notify(n.title, n.body));
    this.failures = new FailureNotifier((reason) => notify('devlog cannot run', reason));
  }

  refresh(input: TrayInput, now = Date.now()): TrayState {
    const state = trayStateFor(input);
    const ready = input.worker.kind === 'ready' && input.status !== undefined;
    this.tray.update(state, trayTooltip(state, input, now), {
      paused: input.status?.paused ?? false,
      remoteCount: input.status?.remotes.length ?? 0,
      engineReady: ready,
      failed: input.worker.kind === 'failed',
    });
    // Status from a worker that is gone is stale: only a live engine's remotes are news.
    if (ready) this.remoteErrors.update(input.status!.remotes);
    this.failures.update(input.worker.kind === 'failed' ? input.worker.reason : undefined);
    return state;
  }
}
