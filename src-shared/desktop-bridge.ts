/**
 * The narrow API the Electron preload exposes to the page as window.devlogDesktop, and the
 * IPC channel names behind it. Shared so main, preload and renderer agree by construction.
 */
export interface DesktopApi {
  platform: string;
  appVersion: string;
  /** Asks main for a fresh MessagePort to the worker; it arrives as a window message. */
  requestPort(): void;
  openMainWindow(): void;
  quit(): void;
}

/** The window message (preload -> page) that carries the worker port. */
export const PORT_MESSAGE_TYPE = 'devlog:worker-port';

export const IpcChannels = {
  port: 'devlog:worker-port',
  requestPort: 'devlog:request-port',
  openMainWindow: 'devlog:open-main-window',
  quit: 'devlog:quit',
  appVersion: 'devlog:app-version',
} as const;
