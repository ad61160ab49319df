/**
 * The preload: runs sandboxed with contextIsolation and exposes exactly one small API. The
 * worker's MessagePort arrives over IPC and is relayed to the page (Electron's documented
 * pattern: ports cannot cross contextBridge, window.postMessage can carry them).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IpcChannels, PORT_MESSAGE_TYPE, type DesktopApi } from '../../src-shared/desktop-bridge.js';

ipcRenderer.on(IpcChannels.port, (event) => {
  window.postMessage({ type: PORT_MESSAGE_TYPE }, window.location.origin === 'null' ? '*' : window.location.origin, event.ports);
});

const api: DesktopApi = {
  platform: process.platform,
  appVersion: String(ipcRenderer.sendSync(IpcChannels.appVersion) ?? ''),
  requestPort: () => ipcRenderer.send(IpcChannels.requestPort),
  openMainWindow: (page) => ipcRenderer.send(IpcChannels.openMainWindow, page),
  quit: () => ipcRenderer.send(IpcChannels.quit),
  onboardingFinished: () => ipcRenderer.send(IpcChannels.onboardingFinished),
  launchAtLogin: () => Boolean(ipcRenderer.sendSync(IpcChannels.launchAtLogin)),
  setLaunchAtLogin: (enabled) => ipcRenderer.send(IpcChannels.setLaunchAtLogin, enabled === true),
};

contextBridge.exposeInMainWorld('devlogDesktop', api);
