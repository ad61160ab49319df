import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/devlog-process.js';
import { waitForText } from '../support/poll-text.js';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'artifacts', 'e2e');

/**
 * The Activity page (the app's start page) and the connection banner above it. Tests talk to
 * the page through this object, so a markup change is fixed here once.
 */
export class ActivityPage {
  constructor(readonly page: Page) {}

  get engineState(): Locator {
    return this.page.getByTestId('engine-state');
  }

  get dataHome(): Locator {
    return this.page.getByTestId('data-home');
  }

  get sessionsCount(): Locator {
    return this.page.getByTestId('sessions-count');
  }

  /** The banner shown while the page is not talking to the engine. */
  get unreachableBanner(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Engine unreachable' });
  }

  /** Any connection banner (connecting or unreachable). */
  get connectionBanner(): Locator {
    return this.page.getByRole('status');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /**
   * Opens the app. A data folder that never went through onboarding shows the wizard first:
   * these tests are about the app behind it, so they skip it as a user can.
   */
  async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    const skip = this.page.getByRole('button', { name: 'Skip setup' });
    await this.engineState.or(skip).first().waitFor({ state: 'visible', timeout: 20_000 });
    if (await skip.isVisible()) {
      await skip.click();
      await this.engineState.waitFor({ state: 'visible', timeout: 20_000 });
    }
  }

  /** Waits until the engine chip shows `label` (e.g. "Up to date") and returns its exact text. */
  async waitForEngineState(label: string, timeoutMs = 20_000): Promise<string> {
    return waitForText(this.engineState, label, timeoutMs);
  }

  /** The pid in the "Engine" fact: tells one engine process from the next. */
  async enginePid(): Promise<number | undefined> {
    const text = await this.page.locator('dl.facts dt', { hasText: /^Engine$/ }).locator('xpath=following-sibling::dd[1]').innerText();
    const m = /\bpid (\d+)/.exec(text);
    return m ? Number(m[1]) : undefined;
  }

  /** What the page's scripts can see of the cookies (an expression: e2e code has no DOM types). */
  async scriptVisibleCookies(): Promise<string> {
    return this.page.evaluate<string>('document.cookie');
  }

  async dataHomeText(): Promise<string> {
    return (await this.dataHome.innerText()).trim();
  }

  async waitForUnreachable(timeoutMs = 15_000): Promise<string> {
    await this.unreachableBanner.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await this.unreachableBanner.innerText()).trim();
  }

  /** Connected again: no banner, and the live status is back. */
  async waitForReconnected(timeoutMs = 30_000): Promise<void> {
    await this.connectionBanner.waitFor({ state: 'detached', timeout: timeoutMs });
    await this.waitForEngineState('Up to date', timeoutMs);
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
