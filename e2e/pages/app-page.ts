import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ActivityPage, SCREENSHOT_DIR } from './activity-page.js';

/** The app shell: pages by their sidebar button, screenshots per page and theme. */
export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the app past the first-run wizard (as a user can skip it) and waits until collection is up to date. */
  async open(url: string): Promise<void> {
    const activity = new ActivityPage(this.page);
    await activity.open(url);
    await activity.waitForEngineState('Up to date', 30_000);
  }

  async goTo(label: 'Activity' | 'Browser' | 'Stats' | 'Remotes' | 'Settings'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();
    await this.page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/** The Browser page: search box, filters, the session list and the reading pane. */
export class BrowserPageObject {
  constructor(readonly page: Page) {}

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search sessions' });
  }

  get list(): Locator {
    return this.page.getByRole('listbox', { name: 'Sessions' });
  }

  get rows(): Locator {
    return this.list.getByRole('option');
  }

  get pane(): Locator {
    return this.page.getByRole('region', { name: 'Transcript' });
  }

  row(title: string | RegExp): Locator {
    return this.rows.filter({ hasText: title });
  }

  /** Titles of the rows on screen, top to bottom. */
  async titles(): Promise<string[]> {
    return (await this.list.locator('.title-text').allInnerTexts()).map((t) => t.trim());
  }

  filter(label: 'Agent' | 'Workspace' | 'From' | 'To' | 'Model' | 'Changed file' | 'Starred only'): Locator {
    return this.page.getByRole('group', { name: 'Filters' }).getByLabel(label);
  }
}
