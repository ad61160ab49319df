/**
 * The narrow API the Electron preload exposes to the page as window.devlogDesktop, and the
 * IPC channel names behind it. Shared so main, preload and renderer agree by construction.
 */
export interface DesktopApi {
  platform: string;
  appVersion: string;
  /** Asks main for a fresh MessagePort to the worker; it arrives as a window message. */
  requestPort(): void;
  /** Opens the main window, on a page when given (one of MAIN_WINDOW_PAGES). */
  openMainWindow(page?: MainWindowPage): void;
  quit(): void;
  /** The wizard is done (or skipped): the app no longer opens its window on launch. */
  onboardingFinished(): void;
  launchAtLogin(): boolean;
  setLaunchAtLogin(enabled: boolean): void;
}

/** Pages the tray and the popover may open the main window on. */
export const MAIN_WINDOW_PAGES = ['activity', 'browser', 'stats', 'remotes', 'settings', 'onboarding'] as const;
export type MainWindowPage = (typeof MAIN_WINDOW_PAGES)[number];

/** The window message (preload -> page) that carries the worker port. */
export const PORT_MESSAGE_TYPE = 'devlog:worker-port';

export const IpcChannels = {
  port: 'devlog:worker-port',
  requestPort: 'devlog:request-port',
  openMainWindow: 'devlog:open-main-window',
  quit: 'devlog:quit',
  appVersion: 'devlog:app-version',
  onboardingFinished: 'devlog:onboarding-finished',
  launchAtLogin: 'devlog:launch-at-login',
  setLaunchAtLogin: 'devlog:set-launch-at-login',
} as const;
