import os from 'node:os';
import path from 'node:path';

/**
 * The OS's app-data folder for devlog. Matches Electron's app.getPath('userData') for an app
 * named "devlog", so the desktop app and the headless CLI share one store by default.
 */
export function defaultDevlogHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'devlog');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'devlog');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'devlog');
}

export function resolveDevlogHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DEVLOG_HOME?.trim();
  return path.resolve(fromEnv ? fromEnv : defaultDevlogHome(env));
}

/** Every file devlog keeps in its home folder, named in one place. */
export function homePaths(home: string) {
  return {
    home,
    db: path.join(home, 'devlog.db'),
    lock: path.join(home, 'engine.lock'),
    daemon: path.join(home, 'daemon.json'),
    config: path.join(home, 'config.json'),
    headlessToken: path.join(home, 'headless-token'),
    logs: path.join(home, 'logs'),
  };
}
export type HomePaths = ReturnType<typeof homePaths>;
