import { Menu, nativeImage, Tray } from 'electron';
import path from 'node:path';
import type { TrayState } from './tray-state.js';

export interface TrayActions {
  togglePopover(bounds: Electron.Rectangle): void;
  openMain(): void;
  quit(): void;
}

/** The tray icon: one image per state from resources/tray, click opens the popover. */
export class AppTray {
  private readonly tray: Tray;
  private state: TrayState | undefined;

  constructor(
    private readonly iconDir: string,
    actions: TrayActions,
  ) {
    this.tray = new Tray(this.image('first-run'));
    this.tray.on('click', (_event, bounds) => actions.togglePopover(bounds));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open devlog', click: () => actions.openMain() },
        { type: 'separator' },
        { label: 'Quit devlog', click: () => actions.quit() },
      ]),
    );
  }

  update(state: TrayState, tooltip: string): void {
    if (state !== this.state) {
      this.state = state;
      this.tray.setImage(this.image(state));
    }
    this.tray.setToolTip(tooltip);
  }

  dispose(): void {
    this.tray.destroy();
  }

  private image(state: TrayState): Electron.NativeImage {
    // tray-<state>.png has a @2x sibling that Electron picks up on HiDPI screens.
    const image = nativeImage.createFromPath(path.join(this.iconDir, `tray-${state}.png`));
    if (process.platform === 'darwin') image.setTemplateImage(false);
    return image;
  }
}
