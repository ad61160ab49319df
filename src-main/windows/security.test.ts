import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_CSP, guardNavigation, hardenSession, isExternalUrl, secureWebPreferences } from './security.js';

// Electron is mocked at the module boundary: only what security.ts touches.
const electron = vi.hoisted(() => ({
  openExternal: vi.fn(async (_url: string) => undefined),
  onHeadersReceived: vi.fn(),
  setPermissionRequestHandler: vi.fn(),
}));
vi.mock('electron', () => ({
  shell: { openExternal: electron.openExternal },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: electron.onHeadersReceived },
      setPermissionRequestHandler: electron.setPermissionRequestHandler,
    },
  },
}));

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

/** The slice of WebContents guardNavigation uses: events plus the window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: WindowOpenHandler | undefined;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.openHandler = handler;
  }

  /** Emits will-navigate like Electron does; returns whether the navigation was blocked. */
  navigate(url: string): boolean {
    const event = { defaultPrevented: false, preventDefault: vi.fn(() => (event.defaultPrevented = true)) };
    this.emit('will-navigate', event, url);
    return event.defaultPrevented;
  }

  open(url: string): { action: string } {
    if (!this.openHandler) throw new Error('no window open handler installed');
    return this.openHandler({ url });
  }
}

const APP = 'file:///opt/devlog/resources/app.asar/dist/renderer';

function guarded(): FakeContents {
  const contents = new FakeContents();
  guardNavigation(contents as unknown as WebContents, APP);
  return contents;
}

beforeEach(() => {
  electron.openExternal.mockClear();
  electron.onHeadersReceived.mockClear();
  electron.setPermissionRequestHandler.mockClear();
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page, with no Node in it', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(prefs).not.toHaveProperty('nodeIntegrationInSubFrames', true);
    expect(prefs).not.toHaveProperty('webviewTag', true);
  });
});

describe('isExternalUrl', () => {
  it('accepts http and https only', () => {
    expect(isExternalUrl('https://github.com/devlog/devlog')).toBe(true);
    expect(isExternalUrl('http://example.com/')).toBe(true);
    expect(isExternalUrl('HTTPS://EXAMPLE.COM/')).toBe(true);
  });

  it('rejects local, script and other schemes, and garbage', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'smb://host/share', 'ms-msdt:/id', 'not a url', '']) {
      expect(isExternalUrl(url), url).toBe(false);
    }
  });
});

describe('guardNavigation', () => {
  it('lets the app navigate inside its own folder', () => {
    const contents = guarded();
    expect(contents.navigate(`${APP}/index.html`)).toBe(false);
    expect(contents.navigate(`${APP}/index.html#popover`)).toBe(false);
    expect(electron.openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation to the web and opens it in the browser instead', () => {
    const contents = guarded();
    expect(contents.navigate('https://example.com/docs')).toBe(true);
    expect(electron.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.com/docs');
  });

  it('blocks navigation to other local files and other schemes without opening them', () => {
    const contents = guarded();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'smb://host/share']) {
      expect(contents.navigate(url), url).toBe(true);
    }
    expect(electron.openExternal).not.toHaveBeenCalled();
  });

  it('does not admit a sibling folder that merely shares the prefix', () => {
    const contents = guarded();
    expect(contents.navigate(`${APP}-evil/index.html`)).toBe(true);
    expect(contents.navigate(`${APP}.bak/index.html`)).toBe(true);
  });

  it('accepts the app prefix with or without a trailing slash', () => {
    const contents = new FakeContents();
    guardNavigation(contents as unknown as WebContents, `${APP}/`);
    expect(contents.navigate(`${APP}/index.html`)).toBe(false);
  });

  it('denies every new window, sending web links to the browser', () => {
    const contents = guarded();
    expect(contents.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.com/');
    expect(contents.open(`${APP}/index.html`)).toEqual({ action: 'deny' });
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses to attach webviews', () => {
    const contents = guarded();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenSession', () => {
  it('adds the strict CSP to every response and denies every permission', () => {
    hardenSession();
    const onHeaders = electron.onHeadersReceived.mock.calls[0]?.[0] as (
      details: { responseHeaders?: Record<string, string[]> },
      callback: (response: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    onHeaders({ responseHeaders: { 'content-type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'content-type': ['text/html'], 'Content-Security-Policy': [APP_CSP] } });

    const onPermission = electron.setPermissionRequestHandler.mock.calls[0]?.[0] as (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
    const allow = vi.fn();
    onPermission({}, 'media', allow);
    expect(allow).toHaveBeenCalledWith(false);
  });

  it('the CSP allows only our own scripts', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).not.toContain('unsafe-eval');
    expect(APP_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
