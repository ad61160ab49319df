import type { Locator, Page } from 'playwright-core';

/** The Stats page: totals, and each chart's table of numbers. */
export class StatsPageObject {
  constructor(readonly page: Page) {}

  total(id: 'sessions' | 'messages' | 'tool-calls' | 'tokens' | 'cost'): Locator {
    return this.page.getByTestId(`total-${id}`);
  }

  filter(label: 'Agent' | 'Workspace' | 'From' | 'To' | 'Model'): Locator {
    return this.page.getByRole('group', { name: 'Filters' }).getByLabel(label);
  }

  /** The chart's numbers (its Table), as rows of cells, header first. */
  async table(chart: string): Promise<string[][]> {
    const card = this.page.getByRole('region', { name: chart });
    await card.getByText('Table', { exact: true }).click();
    const rows = card.getByRole('table').getByRole('row');
    const out: string[][] = [];
    for (const row of await rows.all()) out.push((await row.getByRole('cell').allInnerTexts()).length ? await row.getByRole('cell').allInnerTexts() : await row.getByRole('columnheader').allInnerTexts());
    await card.getByText('Table', { exact: true }).click();
    return out;
  }

  /** Drawn bars in a chart (Recharts' SVG): proves the chart shows data, not only its frame. */
  bars(chart: string): Locator {
    return this.page.getByRole('region', { name: chart }).locator('.recharts-bar-rectangle path');
  }
}

/** The Settings page: one switch per source. */
export class SettingsPageObject {
  constructor(readonly page: Page) {}

  sourceSwitch(agent: string): Locator {
    return this.page.getByRole('checkbox', { name: `Collect ${agent}` });
  }

  theme(label: 'Follow the system' | 'Light' | 'Dark'): Locator {
    return this.page.getByRole('radio', { name: label });
  }
}
