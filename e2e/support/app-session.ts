import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/**
 * One Chromium for a test file; each test opens its own context (fresh cookies, its own colour
 * scheme). A missing Chromium fails each test with what to install.
 */
export class BrowserHarness {
  private browser: Browser | undefined;
  private launchError: unknown;
  private readonly contexts: BrowserContext[] = [];

  async launch(): Promise<void> {
    this.browser = await launchChromium().catch((err: unknown) => {
      this.launchError = err;
      return undefined;
    });
  }

  async newPage(options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<{ page: Page; pageErrors: Error[] }> {
    if (!this.browser) throw this.launchError instanceof Error ? this.launchError : new Error(String(this.launchError));
    const context = await this.browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, colorScheme: options.colorScheme ?? 'light', acceptDownloads: true });
    this.contexts.push(context);
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));
    return { page, pageErrors };
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser?.close();
  }
}
