import { BrowserWindow, type IpcMainEvent, type MessagePortMain, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IpcChannels } from '../../src-shared/desktop-bridge.js';
import { onTrustedIpc, type SenderPolicy } from './ipc-guard.js';
import { guardNavigation, secureWebPreferences } from './security.js';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
}

/** Creates our windows the one secure way, and delivers worker ports on request. */
export class AppWindows implements SenderPolicy {
  private main: BrowserWindow | undefined;
  private popover: BrowserWindow | undefined;
  readonly appUrlPrefix: string;

  constructor(
    private readonly paths: WindowPaths,
    private readonly portFor: (client: string) => MessagePortMain | undefined,
  ) {
    this.appUrlPrefix = pathToFileURL(path.dirname(paths.rendererIndex)).href;
    this.onTrusted(IpcChannels.requestPort, (event) => {
      const window = BrowserWindow.fromWebContents(event.sender);
      if (window) this.sendPort(window);
    });
  }

  isOurWindow(contents: WebContents): boolean {
    const window = BrowserWindow.fromWebContents(contents);
    return window !== null && (window === this.main || window === this.popover);
  }

  /** Handles an IPC channel for our own windows' pages only (see ipc-guard.ts). */
  onTrusted(channel: string, listener: (event: IpcMainEvent) => void, options: { sync?: boolean } = {}): void {
    onTrustedIpc(channel, this, listener, options);
  }

  showMain(): void {
    if (this.main && !this.main.isDestroyed()) {
      this.main.show();
      this.main.focus();
      return;
    }
    this.main = this.create({ width: 1100, height: 760, minWidth: 720, minHeight: 480, show: false, title: 'devlog' }, '');
    this.main.once('ready-to-show', () => this.main?.show());
    this.main.on('closed', () => (this.main = undefined));
  }

  /** The tray popover: frameless, hidden when it loses focus. */
  togglePopover(anchor: { x: number; y: number; width: number; height: number }): void {
    if (!this.popover || this.popover.isDestroyed()) {
      this.popover = this.create(
        { width: 360, height: 480, show: false, frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true, fullscreenable: false },
        'popover',
      );
      this.popover.on('blur', () => this.popover?.hide());
      this.popover.on('closed', () => (this.popover = undefined));
    }
    if (this.popover.isVisible()) {
      this.popover.hide();
      return;
    }
    const [width] = this.popover.getSize();
    this.popover.setPosition(Math.round(anchor.x + anchor.width / 2 - (width ?? 360) / 2), Math.round(anchor.y + anchor.height + 4));
    this.popover.show();
    this.popover.focus();
  }

  /** After a worker restart every window needs a fresh port. */
  reconnectAll(): void {
    for (const window of [this.main, this.popover]) {
      if (window && !window.isDestroyed()) this.sendPort(window);
    }
  }

  private create(options: Electron.BrowserWindowConstructorOptions, hash: string): BrowserWindow {
    const window = new BrowserWindow({ ...options, webPreferences: secureWebPreferences(this.paths.preload) });
    guardNavigation(window.webContents, this.appUrlPrefix);
    void window.loadFile(this.paths.rendererIndex, hash ? { hash } : undefined);
    return window;
  }

  private sendPort(window: BrowserWindow): void {
    const port = this.portFor(`window-${window.id}`);
    if (port) window.webContents.postMessage(IpcChannels.port, null, [port]);
  }
}
