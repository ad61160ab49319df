import type { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcChannels } from '../../src-shared/desktop-bridge.js';

// Electron is mocked at the module boundary: ipcMain is an EventEmitter, BrowserWindow a class
// whose instances have just what AppWindows and the guard use.
const electron = vi.hoisted(() => ({ ipcMain: undefined as unknown as EventEmitter, windows: [] as unknown[] }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  electron.ipcMain = new Emitter();
  class FakeFrame {
    parent: FakeFrame | null = null;
    constructor(public url: string) {}
  }
  class FakeContents extends Emitter {
    mainFrame = new FakeFrame('about:blank');
    postMessage = vi.fn();
    setWindowOpenHandler = vi.fn();
  }
  class BrowserWindow extends Emitter {
    static nextId = 1;
    id = BrowserWindow.nextId++;
    webContents = new FakeContents();
    constructor(_options: unknown) {
      super();
      electron.windows.push(this);
    }
    static fromWebContents(contents: unknown): BrowserWindow | null {
      return (electron.windows as BrowserWindow[]).find((w) => w.webContents === contents) ?? null;
    }
    loadFile(file: string, options?: { hash?: string }): Promise<void> {
      this.webContents.mainFrame.url = `file://${file}${options?.hash ? `#${options.hash}` : ''}`;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    show = vi.fn();
    focus = vi.fn();
  }
  return { ipcMain: electron.ipcMain, BrowserWindow, shell: { openExternal: vi.fn() }, FakeFrame, FakeContents };
});

const { AppWindows } = await import('./app-windows.js');
const mocked = (await import('electron')) as unknown as {
  FakeFrame: new (url: string) => { url: string; parent: unknown };
  FakeContents: new () => { mainFrame: { url: string; parent: unknown }; postMessage: ReturnType<typeof vi.fn> };
};

interface Sender {
  mainFrame: { url: string; parent: unknown };
  postMessage: ReturnType<typeof vi.fn>;
}

/** Emits an IPC message as Electron does; returns the event (for returnValue). */
function send(channel: string, sender: Sender, frame: { url: string; parent: unknown } | null = sender.mainFrame): { returnValue?: unknown } {
  const event = { sender, senderFrame: frame } as { sender: Sender; senderFrame: unknown; returnValue?: unknown };
  electron.ipcMain.emit(channel, event);
  return event;
}

const APP_INDEX = '/opt/devlog/dist/renderer/index.html';

describe('IPC from renderer pages to Electron main', () => {
  let windows: InstanceType<typeof AppWindows>;
  let main: Sender;
  const quit = vi.fn();

  beforeEach(() => {
    electron.ipcMain.removeAllListeners();
    electron.windows.length = 0;
    quit.mockClear();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    windows = new AppWindows({ preload: '/opt/devlog/dist/preload/index.cjs', rendererIndex: APP_INDEX }, () => ({}) as never);
    windows.onTrusted(IpcChannels.quit, quit);
    windows.onTrusted(IpcChannels.appVersion, (event) => (event.returnValue = '1.2.3'), { sync: true });
    windows.showMain();
    main = (electron.windows[0] as { webContents: Sender }).webContents;
  });

  it('answers our own window top frame showing our page', () => {
    expect(main.mainFrame.url).toBe(`file://${APP_INDEX}`);
    send(IpcChannels.quit, main);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(send(IpcChannels.appVersion, main).returnValue).toBe('1.2.3');
    send(IpcChannels.requestPort, main);
    expect(main.postMessage).toHaveBeenCalledTimes(1);
  });

  it('refuses an iframe inside our window', () => {
    const iframe = new mocked.FakeFrame(`file://${APP_INDEX}`);
    iframe.parent = main.mainFrame;
    send(IpcChannels.quit, main, iframe);
    send(IpcChannels.requestPort, main, iframe);
    expect(send(IpcChannels.appVersion, main, iframe).returnValue).toBeNull();
    expect(quit).not.toHaveBeenCalled();
    expect(main.postMessage).not.toHaveBeenCalled();
  });

  it('refuses our window once it shows another page, and a frame that is gone', () => {
    for (const url of ['https://evil.example/', 'file:///opt/devlog/dist/renderer-evil/index.html', 'file:///tmp/page.html']) {
      main.mainFrame.url = url;
      send(IpcChannels.quit, main);
      send(IpcChannels.requestPort, main);
    }
    main.mainFrame.url = `file://${APP_INDEX}`;
    send(IpcChannels.quit, main, null);
    expect(quit).not.toHaveBeenCalled();
    expect(main.postMessage).not.toHaveBeenCalled();
  });

  it('refuses a window that is not ours, even showing our page', () => {
    const stranger = new mocked.FakeContents();
    stranger.mainFrame.url = `file://${APP_INDEX}`;
    send(IpcChannels.quit, stranger);
    send(IpcChannels.requestPort, stranger);
    expect(quit).not.toHaveBeenCalled();
    expect(stranger.postMessage).not.toHaveBeenCalled();
  });
});
