import { BrowserWindow, screen, type IpcMainEvent, type MessagePortMain, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IpcChannels } from '../../src-shared/desktop-bridge.js';
import { popoverPosition } from '../tray/popover-position.js';
import { PopoverToggle } from '../tray/popover-toggle.js';
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
  private readonly popoverToggle = new PopoverToggle();
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
  onTrusted(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void, options: { sync?: boolean } = {}): void {
    onTrustedIpc(channel, this, listener, options);
  }

  /** Opens (or brings forward) the main window, on a page when given (`settings`, `remotes`, `onboarding`). */
  showMain(page = ''): void {
    this.popover?.hide();
    if (this.main && !this.main.isDestroyed()) {
      if (page) void this.main.loadFile(this.paths.rendererIndex, { hash: page });
      this.main.show();
      this.main.focus();
      return;
    }
    this.main = this.create({ width: 1100, height: 760, minWidth: 720, minHeight: 480, show: false, title: 'devlog' }, page);
    this.main.once('ready-to-show', () => this.main?.show());
    this.main.on('closed', () => (this.main = undefined));
  }

  /** The tray popover: frameless, hidden when it loses focus; a click on the icon while it is open closes it. */
  togglePopover(anchor: { x: number; y: number; width: number; height: number }): void {
    if (!this.popover || this.popover.isDestroyed()) {
      this.popover = this.create(
        { width: 360, height: 480, show: false, frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true, fullscreenable: false },
        'popover',
      );
      this.popover.on('blur', () => {
        this.popoverToggle.blurred();
        this.popover?.hide();
      });
      this.popover.on('closed', () => (this.popover = undefined));
    }
    if (!this.popoverToggle.shouldShow(this.popover.isVisible())) {
      this.popover.hide();
      return;
    }
    const [width = 360, height = 480] = this.popover.getSize();
    // Next to the icon whichever side the taskbar is on, and wholly on that screen.
    const display = screen.getDisplayMatching(anchor);
    const { x, y } = popoverPosition(anchor, { width, height }, display.bounds, display.workArea);
    this.popover.setPosition(x, y);
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
