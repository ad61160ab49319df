import { lazy, type ComponentType } from 'react';
import { ActivityPage } from '../activity/ActivityPage.js';
import { RemotesPage } from '../remotes/RemotesPage.js';
import { SettingsPage } from '../settings/SettingsPage.js';
import type { PageId } from './nav.js';

// The Browser (Markdown, highlighting) and Stats (charts) load when first opened: the start
// page and the tray popover do not wait for them.
const BrowserPage = lazy(() => import('../browser/BrowserPage.js').then((m) => ({ default: m.BrowserPage })));
const StatsPage = lazy(() => import('../stats/StatsPage.js').then((m) => ({ default: m.StatsPage })));

/**
 * Which component shows each page. A page not listed shows its purpose until it arrives; adding
 * a page is one line here and one in nav.ts.
 */
export const PAGES: Partial<Record<PageId, ComponentType>> = {
  activity: ActivityPage,
  browser: BrowserPage,
  stats: StatsPage,
  remotes: RemotesPage,
  settings: SettingsPage,
};
