import type { Locator, Page } from 'playwright-core';
import { waitForText } from '../support/poll-text.js';

/** The Remotes page: one card per remote with its state, backlog and actions. */
export class RemotesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Remotes' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Remotes' }).waitFor();
  }

  card(name: string): Locator {
    return this.page.getByTestId(`remote-${name}`);
  }

  state(name: string): Locator {
    return this.card(name).getByTestId('remote-state');
  }

  backlog(name: string): Locator {
    return this.card(name).getByTestId('remote-backlog');
  }

  async waitForState(name: string, text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    try {
      return await waitForText(this.state(name), text, timeoutMs);
    } catch (err) {
      // Say what the card shows instead: its state, backlog and error in words.
      const shown = (await this.card(name).count()) ? await this.card(name).innerText() : '(no card)';
      throw new Error(`remote ${name} never showed ${String(text)}; the card shows:\n${shown}\n(${(err as Error).message.split('\n')[0]})`);
    }
  }

  async backlogCount(name: string): Promise<number> {
    return Number((await this.backlog(name).innerText()).replace(/\D/g, ''));
  }
}
