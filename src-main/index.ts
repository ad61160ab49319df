/**
 * Electron main, the composition root: single-instance lock, security defaults, the supervised
 * worker, windows and the tray. Wiring only; each part lives in its own folder.
 */
import { app } from 'electron';
import path from 'node:path';
import { IpcChannels } from '../src-shared/desktop-bridge.js';
import { EngineLink } from './engine-link.js';
import { createUiSettings } from './settings/ui-settings.js';
import { AppTray } from './tray/tray.js';
import { trayStateFor, trayTooltip } from './tray/tray-state.js';
import { AppWindows } from './windows/app-windows.js';
import { hardenSession } from './windows/security.js';
import { WorkerHost } from './worker-host/worker-host.js';

const distDir = path.resolve(__dirname, '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : path.resolve(distDir, '..', 'resources');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => windows?.showMain());
  let windows: AppWindows | undefined;
  let quitting = false;

  void app.whenReady().then(() => {
    hardenSession();
    const settings = createUiSettings();
    const host = new WorkerHost({
      modulePath: path.join(distDir, 'worker', 'entry-utility.mjs'),
      env: { ...process.env },
      log: (line) => console.log(line),
    });
    windows = new AppWindows(
      { preload: path.join(distDir, 'preload', 'index.cjs'), rendererIndex: path.join(distDir, 'renderer', 'index.html') },
      (client) => host.connectClient(client),
    );
    const w = windows;
    const tray = new AppTray(path.join(resourcesDir, 'tray'), {
      togglePopover: (bounds) => w.togglePopover(bounds),
      openMain: () => w.showMain(),
      quit: () => app.quit(),
    });
    const refreshTray = () => {
      const input = { worker: host.state, status: link.status, firstRun: !settings.get('onboardingDone') && !link.status?.store.sessions };
      const state = trayStateFor(input);
      tray.update(state, trayTooltip(state, input, 0));
    };
    const link = new EngineLink(host, refreshTray);
    host.on('ready', () => w.reconnectAll());

    // Only our own windows' pages may call main (a frame or page that is not ours is refused).
    w.onTrusted(IpcChannels.appVersion, (event) => (event.returnValue = app.getVersion()), { sync: true });
    w.onTrusted(IpcChannels.openMainWindow, () => w.showMain());
    w.onTrusted(IpcChannels.quit, () => app.quit());
    // Launch at login (the Settings page): the OS's own login items; the value rides on the channel.
    const loginItem = () => app.getLoginItemSettings().openAtLogin;
    w.onTrusted(IpcChannels.launchAtLogin, (event) => (event.returnValue = loginItem()), { sync: true });
    for (const [channel, on] of [[IpcChannels.launchAtLoginOn, true], [IpcChannels.launchAtLoginOff, false]] as const) {
      w.onTrusted(channel, (event) => {
        app.setLoginItemSettings({ openAtLogin: on });
        event.returnValue = loginItem();
      }, { sync: true });
    }

    app.on('before-quit', (event) => {
      if (quitting) return;
      quitting = true;
      event.preventDefault();
      link.dispose();
      // Let the worker finish its current transaction before the app goes.
      void host.stop().finally(() => {
        tray.dispose();
        app.quit();
      });
    });
    // A tray app keeps running with no window open.
    app.on('window-all-closed', () => undefined);

    host.start();
    if (!settings.get('onboardingDone')) w.showMain();
  });
}
