/**
 * Many sessions: the list keeps only the rows in view in the DOM and loads the next page as
 * the user scrolls, until every collected session is listed once, oldest last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppPage, BrowserPageObject } from './pages/app-page.js';
import { appendClaudeUserTurn, writeClaudeSession } from './support/agent-sessions.js';
import { BrowserHarness } from './support/app-session.js';
import { makeTempDirs, startHeadless, type HeadlessDevlog, type TempDirs } from './support/devlog-process.js';

/** More than two pages of the list (500 each); plus one long session, the oldest. */
const SESSIONS = 1_234;

describe('Browser page with many sessions', () => {
  let dirs: TempDirs;
  let devlog: HeadlessDevlog;
  const chromium = new BrowserHarness();

  beforeAll(async () => {
    dirs = makeTempDirs();
    const start = Date.now() - SESSIONS * 60_000;
    for (let i = 0; i < SESSIONS; i++) {
      const n = String(i).padStart(4, '0');
      writeClaudeSession(dirs.userHome, { sessionId: `bulk-${n}`, cwd: `/home/dev/p${i % 7}`, prompt: `Bulk session ${n}`, time: new Date(start + i * 60_000) });
    }
    // One long session: 700 turns.
    const long = writeClaudeSession(dirs.userHome, { sessionId: 'long-1', cwd: '/home/dev/long', prompt: 'A very long session', time: new Date(start - 60_000) });
    for (let i = 1; i < 700; i++) appendClaudeUserTurn(long, { sessionId: 'long-1', cwd: '/home/dev/long', uuid: `long-1-turn-${i}`, text: `Turn number ${i}` });
    devlog = await startHeadless(dirs);
    await chromium.launch();
  });

  afterAll(async () => {
    await chromium.close();
    await devlog?.stop();
    dirs?.cleanup();
  });

  it('renders only the rows in view and pages in the rest while scrolling to the end', async () => {
    const { page, pageErrors } = await chromium.newPage();
    const app = new AppPage(page);
    await app.open(devlog.openUrl);
    await app.goTo('Browser');
    const browser = new BrowserPageObject(page);
    const status = page.getByTestId('list-status');
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toBe('500+ sessions');
    expect((await browser.titles())[0]).toBe(`Bulk session ${String(SESSIONS - 1).padStart(4, '0')}`);
    // Virtualized: a screenful plus overscan in the DOM, not 500 rows.
    expect(await browser.rows.count()).toBeLessThan(60);

    // End jumps to the last loaded row; each time the next page arrives, until all are listed.
    await browser.rows.first().click();
    await expect
      .poll(
        async () => {
          await browser.list.press('End');
          return status.innerText();
        },
        { timeout: 30_000 },
      )
      .toBe('1,235 sessions');
    await browser.list.press('End');
    await expect.poll(async () => (await browser.list.getByRole('option', { selected: true }).innerText())).toContain('A very long session');
    expect(await browser.rows.count()).toBeLessThan(60);

    // The long transcript: its start at once, every one of its 700 turns once rendered.
    await browser.list.press('Enter');
    await browser.pane.getByRole('heading', { name: 'A very long session' }).waitFor();
    await expect.poll(() => browser.pane.locator('.turn').count(), { timeout: 30_000 }).toBe(700);
    // textContent: turns off screen skip rendering (content-visibility), so they have no innerText.
    expect(await browser.pane.locator('.turn').last().textContent()).toContain('Turn number 699');
    expect(pageErrors).toEqual([]);
  });
});
