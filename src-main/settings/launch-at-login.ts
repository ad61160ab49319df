import type { App } from 'electron';

interface Prefs {
  get(key: 'launchAtLogin'): boolean;
  set(key: 'launchAtLogin', value: boolean): void;
}

/**
 * Launch at login: the preference in electron-store is what the user chose; the OS login item
 * follows it (set again at every start, so a login item removed behind our back comes back only
 * if the user still wants it).
 */
export class LaunchAtLogin {
  constructor(
    private readonly app: Pick<App, 'setLoginItemSettings'>,
    private readonly prefs: Prefs,
  ) {}

  apply(): void {
    this.app.setLoginItemSettings({ openAtLogin: this.prefs.get('launchAtLogin') });
  }

  get enabled(): boolean {
    return this.prefs.get('launchAtLogin');
  }

  set(enabled: boolean): void {
    this.prefs.set('launchAtLogin', enabled);
    this.apply();
  }
}
