import type { ComponentType } from 'react';
import { ActivityPage } from '../activity/ActivityPage.js';
import { BrowserPage } from '../browser/BrowserPage.js';
import { SettingsPage } from '../settings/SettingsPage.js';
import { StatsPage } from '../stats/StatsPage.js';
import type { PageId } from './nav.js';

/**
 * Which component shows each page. A page not listed shows its purpose until it arrives; adding
 * a page is one line here and one in nav.ts.
 */
export const PAGES: Partial<Record<PageId, ComponentType>> = {
  activity: ActivityPage,
  browser: BrowserPage,
  stats: StatsPage,
  settings: SettingsPage,
};
