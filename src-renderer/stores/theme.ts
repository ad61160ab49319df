import { useEffect } from 'react';
import type { ThemeChoice } from '../../src-shared/contract/index.js';
import { useSettingsStore } from './settings-store.js';

/**
 * The `data-theme` attribute for a Settings choice: set only for an override, so with "follow
 * the system" the stylesheet's prefers-color-scheme rules decide, live, without any script.
 */
export function themeAttribute(choice: ThemeChoice): 'light' | 'dark' | undefined {
  return choice === 'system' ? undefined : choice;
}

/** Applies the Settings theme choice to <html data-theme>. */
export function useThemeFromSettings(): void {
  const choice = useSettingsStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const attr = themeAttribute(choice);
    if (attr) document.documentElement.dataset.theme = attr;
    else delete document.documentElement.dataset.theme;
  }, [choice]);
}
