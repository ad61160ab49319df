import Store from 'electron-store';

/** Window and UI preferences only; the engine's own config stays in DEVLOG_HOME/config.json. */
export interface UiSettings {
  onboardingDone: boolean;
  launchAtLogin: boolean;
}

export function createUiSettings(): Store<UiSettings> {
  return new Store<UiSettings>({
    name: 'ui-settings',
    defaults: { onboardingDone: false, launchAtLogin: false },
  });
}
