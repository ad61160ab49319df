import type { DesktopApi } from '../src-shared/desktop-bridge.js';

export type { DesktopApi };
export { PORT_MESSAGE_TYPE } from '../src-shared/desktop-bridge.js';

declare global {
  interface Window {
    devlogDesktop?: DesktopApi;
  }
}

/** The preload's API in Electron; undefined in a plain browser (headless mode). */
export function desktopApi(): DesktopApi | undefined {
  return typeof window !== 'undefined' ? window.devlogDesktop : undefined;
}
