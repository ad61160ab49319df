import type { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron is mocked at the module boundary: BrowserWindow instances record what they were told
// (shown, hidden, where), and `screen` has one 1920x1080 display whose taskbar is set per test.
const electron = vi.hoisted(() => ({
  windows: [] as FakeWindowShape[],
  display: { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
}));
interface FakeWindowShape extends EventEmitter {
  options: { frame?: boolean };
  visible: boolean;
  position: [number, number] | undefined;
  loaded: string | undefined;
  hide(): void;
}
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeContents extends Emitter {
    setWindowOpenHandler = vi.fn();
    postMessage = vi.fn();
  }
  class BrowserWindow extends Emitter {
    static nextId = 1;
    id = BrowserWindow.nextId++;
    webContents = new FakeContents();
    visible = false;
    position: [number, number] | undefined;
    loaded: string | undefined;
    constructor(public options: { width: number; height: number }) {
      super();
      electron.windows.push(this as unknown as FakeWindowShape);
    }
    static fromWebContents = () => null;
    loadFile(file: string, options?: { hash?: string }) {
      this.loaded = `${file}#${options?.hash ?? ''}`;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isVisible = () => this.visible;
    getSize = () => [this.options.width, this.options.height];
    setPosition(x: number, y: number) {
      this.position = [x, y];
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus = vi.fn();
  }
  return {
    BrowserWindow,
    ipcMain: new Emitter(),
    shell: { openExternal: vi.fn() },
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() } },
    screen: { getDisplayMatching: () => electron.display },
  };
});

const { AppWindows } = await import('./app-windows.js');

function setup() {
  const windows = new AppWindows({ preload: '/app/dist/preload/index.cjs', rendererIndex: '/app/dist/renderer/index.html' }, () => undefined);
  const popover = () => electron.windows.find((w) => w.options.frame === false)!;
  return { windows, popover };
}

beforeEach(() => {
  electron.windows.length = 0;
  electron.display.workArea = { x: 0, y: 0, width: 1920, height: 1040 };
});

describe('the tray popover window', () => {
  it('opens above an icon on a bottom taskbar and below one in a top bar, always on screen', () => {
    const { windows, popover } = setup();
    windows.togglePopover({ x: 1880, y: 1048, width: 24, height: 24 });
    expect(popover().visible).toBe(true);
    expect(popover().loaded).toBe('/app/dist/renderer/index.html#popover');
    expect(popover().position).toEqual([1920 - 360, 1040 - 480]);

    popover().hide();
    electron.display.workArea = { x: 0, y: 28, width: 1920, height: 1052 };
    windows.togglePopover({ x: 900, y: 0, width: 24, height: 24 });
    expect(popover().position).toEqual([912 - 180, 28]);
  });

  it('closes when the icon is clicked while it is open (the blur of that click does not reopen it)', () => {
    const { windows, popover } = setup();
    const icon = { x: 1000, y: 1048, width: 24, height: 24 };
    windows.togglePopover(icon);
    expect(popover().visible).toBe(true);
    // The mouse press on the icon takes focus from the popover first: it hides on blur...
    popover().emit('blur');
    expect(popover().visible).toBe(false);
    // ...then the click arrives, and must not show it again.
    windows.togglePopover(icon);
    expect(popover().visible).toBe(false);
    // The next click opens it.
    windows.togglePopover(icon);
    expect(popover().visible).toBe(true);
    // Still focused (no blur): a click closes it too.
    windows.togglePopover(icon);
    expect(popover().visible).toBe(false);
  });

  it('opens the main window on the page asked for, and hides the popover', () => {
    const { windows, popover } = setup();
    windows.togglePopover({ x: 1000, y: 1048, width: 24, height: 24 });
    windows.showMain('settings');
    const main = electron.windows.find((w) => w.options.frame !== false)!;
    expect(main.loaded).toBe('/app/dist/renderer/index.html#settings');
    expect(popover().visible).toBe(false);
  });
});
