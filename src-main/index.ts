/**
 * Electron main, the composition root: single-instance lock, security defaults, the supervised
 * worker, windows, the tray and its notifications. Wiring only; each part lives in its own folder.
 */
import { app, Notification } from 'electron';
import path from 'node:path';
import { IpcChannels, MAIN_WINDOW_PAGES, type MainWindowPage } from '../src-shared/desktop-bridge.js';
import { EngineLink } from './engine-link.js';
import { LaunchAtLogin } from './settings/launch-at-login.js';
import { createUiSettings } from './settings/ui-settings.js';
import { AppTray } from './tray/tray.js';
import { TrayController } from './tray/tray-controller.js';
import { AppWindows } from './windows/app-windows.js';
import { hardenSession } from './windows/security.js';
import { WorkerHost } from './worker-host/worker-host.js';

const distDir = path.resolve(__dirname, '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : path.resolve(distDir, '..', 'resources');

const isPage = (page: unknown): page is MainWindowPage => typeof page === 'string' && (MAIN_WINDOW_PAGES as readonly string[]).includes(page);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => windows?.showMain());
  let windows: AppWindows | undefined;
  let quitting = false;

  void app.whenReady().then(() => {
    hardenSession();
    const settings = createUiSettings();
    const launchAtLogin = new LaunchAtLogin(app, settings);
    launchAtLogin.apply();
    // The worker (the engine) reads secrets from the OS keychain through keytar, the same
    // SecretStore as the CLI: no secret passes through main or the renderer's storage.
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
    const notify = (title: string, body: string) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    };
    const tray = new AppTray(path.join(resourcesDir, 'tray'), {
      togglePopover: (bounds) => w.togglePopover(bounds),
      exportNow: () => link.exportNow(),
      pause: () => link.pause(),
      resume: () => link.resume(),
      openMain: () => w.showMain(),
      openSettings: () => w.showMain('settings'),
      retry: () => host.start(),
      quit: () => app.quit(),
    });
    const controller = new TrayController(tray, notify);
    const refreshTray = () => {
      controller.refresh({ worker: host.state, status: link.status, firstRun: !settings.get('onboardingDone') });
    };
    const link = new EngineLink(host, refreshTray);
    host.on('ready', () => w.reconnectAll());

    // Only our own windows' pages may call main (a frame or page that is not ours is refused).
    w.onTrusted(IpcChannels.appVersion, (event) => (event.returnValue = app.getVersion()), { sync: true });
    w.onTrusted(IpcChannels.openMainWindow, (_event, page) => w.showMain(isPage(page) ? page : ''));
    w.onTrusted(IpcChannels.quit, () => app.quit());
    w.onTrusted(IpcChannels.onboardingFinished, () => {
      settings.set('onboardingDone', true);
      refreshTray();
    });
    w.onTrusted(IpcChannels.launchAtLogin, (event) => (event.returnValue = launchAtLogin.enabled), { sync: true });
    w.onTrusted(IpcChannels.setLaunchAtLogin, (_event, enabled) => launchAtLogin.set(enabled === true));

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
    // The window opens for onboarding only; afterwards the app lives in the tray until asked.
    if (!settings.get('onboardingDone')) w.showMain('onboarding');
  });
}
