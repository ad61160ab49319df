import { describe, expect, it, vi } from 'vitest';
import { LaunchAtLogin } from './launch-at-login.js';

/** electron-store's get/set on a plain map (the store itself is a file under the app's data folder). */
function prefs(initial: boolean) {
  const values = new Map<'launchAtLogin', boolean>([['launchAtLogin', initial]]);
  return { get: (key: 'launchAtLogin') => values.get(key)!, set: (key: 'launchAtLogin', value: boolean) => values.set(key, value) };
}

describe('launch at login', () => {
  it('sets the OS login item from the saved preference at start, and follows a change', () => {
    const app = { setLoginItemSettings: vi.fn() };
    const saved = prefs(false);
    const launch = new LaunchAtLogin(app, saved);
    launch.apply();
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false });
    launch.set(true);
    expect(saved.get('launchAtLogin')).toBe(true);
    expect(launch.enabled).toBe(true);
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
    // The next start applies what was saved.
    new LaunchAtLogin(app, saved).apply();
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
  });
});
