import type { MenuItemConstructorOptions } from 'electron';

/** What the popover's buttons and the tray's context menu both do. */
export interface TrayActions {
  togglePopover(bounds: { x: number; y: number; width: number; height: number }): void;
  exportNow(): void;
  pause(): void;
  resume(): void;
  openMain(): void;
  openSettings(): void;
  /** Starts the worker again after it gave up (the data folder was busy, devlog was updated). */
  retry(): void;
  quit(): void;
}

export interface TrayMenuState {
  paused: boolean;
  /** Export now needs somewhere to export to. */
  remoteCount: number;
  /** The engine is not there (starting, failed): Pause and Export now cannot be asked. */
  engineReady: boolean;
  /** The worker gave up: offer to try again once the user fixed the cause. */
  failed?: boolean;
}

/** The tray's context menu: the popover's actions, in the same order. */
export function trayMenuTemplate(state: TrayMenuState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open devlog', click: () => actions.openMain() },
    ...(state.failed ? [{ label: 'Try again', click: () => actions.retry() }] : []),
    { type: 'separator' },
    {
      label: state.remoteCount > 1 ? 'Export now to all remotes' : 'Export now',
      enabled: state.engineReady && state.remoteCount > 0 && !state.paused,
      click: () => actions.exportNow(),
    },
    state.paused
      ? { label: 'Resume', enabled: state.engineReady, click: () => actions.resume() }
      : { label: 'Pause', enabled: state.engineReady, click: () => actions.pause() },
    { type: 'separator' },
    { label: 'Settings…', click: () => actions.openSettings() },
    { label: 'Quit devlog', click: () => actions.quit() },
  ];
}
