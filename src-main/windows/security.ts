import { session, shell, type WebContents, type WebPreferences } from 'electron';

/** The only way our windows are configured: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Only http(s) links leave the app, and they open in the user's browser. */
export function isExternalUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Whether `url` is a page of the app: inside its folder, compared by whole path segments. */
export function isAppUrl(url: string, appUrlPrefix: string): boolean {
  // `file:///app/renderer` must not admit `file:///app/renderer-x/`.
  const appFolder = appUrlPrefix.endsWith('/') ? appUrlPrefix : `${appUrlPrefix}/`;
  return url.startsWith(appFolder);
}

/** Blocks navigation away from the app and new windows; external links go to the browser. */
export function guardNavigation(contents: WebContents, appUrlPrefix: string): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, appUrlPrefix)) return;
    event.preventDefault();
    if (isExternalUrl(url)) void shell.openExternal(url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Adds the CSP header to every response of the default session and denies all permissions. */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}
