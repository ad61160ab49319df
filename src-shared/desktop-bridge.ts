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
  /** Whether the OS starts devlog at login (null where the OS cannot say, e.g. some Linux desktops). */
  getLaunchAtLogin(): boolean | null;
  /** Turns starting at login on or off; returns the state the OS now reports. */
  setLaunchAtLogin(on: boolean): boolean | null;
}

/** The window message (preload -> page) that carries the worker port. */
export const PORT_MESSAGE_TYPE = 'devlog:worker-port';

export const IpcChannels = {
  port: 'devlog:worker-port',
  requestPort: 'devlog:request-port',
  openMainWindow: 'devlog:open-main-window',
  quit: 'devlog:quit',
  appVersion: 'devlog:app-version',
  launchAtLogin: 'devlog:launch-at-login',
  launchAtLoginOn: 'devlog:launch-at-login-on',
  launchAtLoginOff: 'devlog:launch-at-login-off',
} as const;
