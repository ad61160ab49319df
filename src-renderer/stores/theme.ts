import { useEffect, useState } from 'react';
import type { ThemeChoice } from '../../src-shared/contract/index.js';
import { useSettingsStore } from './settings-store.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Light or dark as shown: the user's choice, else the OS's (followed live). */
export function resolveTheme(choice: ThemeChoice, osDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (osDark ? 'dark' : 'light') : choice;
}

/** Sets <html data-theme> from the Settings choice and the OS, so the CSS has one switch. */
export function useThemeFromSettings(): 'light' | 'dark' {
  const choice = useSettingsStore((s) => s.settings?.theme ?? 'system');
  const [osDark, setOsDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const onChange = () => setOsDark(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  const theme = resolveTheme(choice, osDark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
