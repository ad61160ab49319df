import type { Locator, Page } from 'playwright-core';

/** The first-run wizard, step by step, as a user sees it. */
export class OnboardingPage {
  constructor(readonly page: Page) {}

  get title(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get privacyPromise(): Locator {
    return this.page.getByTestId('privacy-promise');
  }

  agentCount(agent: string): Locator {
    return this.page.getByTestId(`agent-count-${agent}`);
  }

  agentToggle(label: string): Locator {
    return this.page.getByRole('group').or(this.page.getByRole('list', { name: 'Agents' })).getByLabel(label);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get checkResult(): Locator {
    return this.page.getByTestId('check-result');
  }

  get previewTotal(): Locator {
    return this.page.getByTestId('preview-total');
  }

  get syncDone(): Locator {
    return this.page.getByTestId('sync-done');
  }

  /** Waits for the step titled `title`. */
  async atStep(title: string, timeoutMs = 20_000): Promise<void> {
    try {
      await this.title.filter({ hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      // Say what the page shows instead (an alert in words is usually the reason).
      const alerts = await this.page.getByRole('alert').allInnerTexts();
      const heading = await this.title.allInnerTexts();
      throw new Error(`not at step "${title}": heading ${JSON.stringify(heading)}, alerts ${JSON.stringify(alerts)} (${(err as Error).message.split('\n')[0]})`);
    }
  }

  async fillServerRemote(name: string, url: string, token: string): Promise<void> {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    await this.page.getByLabel('Server URL').fill(url);
    await this.page.getByLabel('Token', { exact: true }).fill(token);
  }

  async testConnection(): Promise<string> {
    const before = (await this.checkResult.count()) ? await this.checkResult.innerText() : '';
    await this.button('Test connection').click();
    await this.button('Test connection').waitFor({ state: 'visible' });
    await this.checkResult.filter({ hasNotText: before || '\u0000' }).waitFor({ state: 'visible', timeout: 20_000 });
    return (await this.checkResult.innerText()).trim();
  }
}
