import { Menu, nativeImage, Tray } from 'electron';
import path from 'node:path';
import { trayMenuTemplate, type TrayActions, type TrayMenuState } from './tray-menu.js';
import type { TrayState } from './tray-state.js';

export type { TrayActions };

/** The tray icon: one image per state from resources/tray, a click toggles the popover, a context menu with the popover's actions. */
export class AppTray {
  private readonly tray: Tray;
  private state: TrayState | undefined;
  private menuKey = '';

  constructor(
    private readonly iconDir: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(this.image('first-run'));
    this.tray.on('click', (_event, bounds) => actions.togglePopover(bounds));
    this.setMenu({ paused: false, remoteCount: 0, engineReady: false });
  }

  update(state: TrayState, tooltip: string, menu: TrayMenuState): void {
    if (state !== this.state) {
      this.state = state;
      this.tray.setImage(this.image(state));
    }
    this.tray.setToolTip(tooltip);
    this.setMenu(menu);
  }

  dispose(): void {
    this.tray.destroy();
  }

  /** Rebuilt only when what it shows changes (status pushes come several times a second). */
  private setMenu(menu: TrayMenuState): void {
    const key = JSON.stringify(menu);
    if (key === this.menuKey) return;
    this.menuKey = key;
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(menu, this.actions)));
  }

  private image(state: TrayState): Electron.NativeImage {
    // tray-<state>.png has a @2x sibling that Electron picks up on HiDPI screens.
    const image = nativeImage.createFromPath(path.join(this.iconDir, `tray-${state}.png`));
    if (process.platform === 'darwin') image.setTemplateImage(false);
    return image;
  }
}
