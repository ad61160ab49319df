/**
 * The Browser page end to end: `devlog start` collects sessions the test wrote in the agents'
 * own layouts under its HOME, and real Chromium lists, searches, opens and downloads them.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppPage, BrowserPageObject } from './pages/app-page.js';
import { appendClaudeUserTurn, writeClaudeSession, writeCodexSession } from './support/agent-sessions.js';
import { BrowserHarness } from './support/app-session.js';
import { makeTempDirs, startHeadless, type HeadlessDevlog, type TempDirs } from './support/devlog-process.js';

describe('Browser page', () => {
  let dirs: TempDirs;
  let devlog: HeadlessDevlog;
  const chromium = new BrowserHarness();
  let liveFile: string;

  beforeAll(async () => {
    dirs = makeTempDirs();
    const day = (n: number) => new Date(Date.now() - n * 86_400_000);
    writeClaudeSession(dirs.userHome, {
      sessionId: 'flaky-1',
      cwd: '/home/dev/api',
      prompt: 'Why is the payment webhook test flaky on CI?',
      reply: { text: 'Let me run it a few times.\n\n```ts\nconst retries = 3;\n```', command: 'npm test -- webhook', output: 'PASS webhook.test.ts (3 runs)', closing: 'The clock is not frozen: use fake timers.' },
      time: day(2),
    });
    writeClaudeSession(dirs.userHome, {
      sessionId: 'docs-1',
      cwd: '/home/dev/site',
      prompt: 'Rewrite the README introduction',
      reply: { text: 'Editing it.', command: '', output: 'The file was updated.', closing: 'Rewritten.', editFile: '/home/dev/site/README.md' },
      time: day(1),
    });
    liveFile = writeClaudeSession(dirs.userHome, { sessionId: 'live-1', cwd: '/home/dev/api', prompt: 'Start the live session', time: day(0) });
    writeCodexSession(dirs.userHome, { id: '0199aaaa-0000-7000-8000-000000000001', cwd: '/home/dev/cli', prompt: 'Port the argument parser to commander', time: day(3) });
    devlog = await startHeadless(dirs);
    await chromium.launch();
  });

  afterAll(async () => {
    await chromium.close();
    await devlog?.stop();
    dirs?.cleanup();
  });

  async function openBrowser() {
    const { page, pageErrors } = await chromium.newPage();
    const app = new AppPage(page);
    await app.open(devlog.openUrl);
    await app.goTo('Browser');
    return { app, browser: new BrowserPageObject(page), page, pageErrors };
  }

  it('lists the collected sessions, newest first, with agent, workspace and title', async () => {
    const { browser, pageErrors } = await openBrowser();
    await expect.poll(() => browser.titles(), { timeout: 20_000 }).toEqual([
      'Start the live session',
      'Rewrite the README introduction',
      'Why is the payment webhook test flaky on CI?',
      'Port the argument parser to commander',
    ]);
    const row = browser.row('Why is the payment webhook test flaky on CI?');
    expect(await row.innerText()).toMatch(/claude-code\s+api\s+Why is the payment webhook/);
    expect(await browser.row('Port the argument parser').innerText()).toContain('codex');
    expect(pageErrors).toEqual([]);
  });

  it('typing a phrase lists only the matching sessions, the match highlighted', async () => {
    const { browser, page } = await openBrowser();
    await expect.poll(() => browser.rows.count(), { timeout: 20_000 }).toBe(4);
    await browser.search.pressSequentially('fake timers', { delay: 30 });
    await expect.poll(() => browser.titles(), { timeout: 20_000 }).toEqual(['Why is the payment webhook test flaky on CI?']);
    const marks = await browser.list.locator('mark').allInnerTexts();
    expect(marks.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['fake', 'timers']));
    expect(await page.getByTestId('list-status').innerText()).toBe('1 session');
    // A filter narrows the search further: another agent has no match.
    await browser.filter('Agent').selectOption('codex');
    await expect.poll(() => browser.rows.count()).toBe(0);
  });

  it('opens a transcript with tool calls folded and expandable, code highlighted', async () => {
    const { browser } = await openBrowser();
    await browser.row('Why is the payment webhook').click();
    const pane = browser.pane;
    await pane.getByRole('heading', { name: 'Why is the payment webhook test flaky on CI?' }).waitFor();
    await pane.getByText('The clock is not frozen: use fake timers.').waitFor();
    const tool = pane.getByRole('button', { name: /Tool call Bash/ });
    expect(await tool.getAttribute('aria-expanded')).toBe('false');
    expect(await pane.getByText('PASS webhook.test.ts (3 runs)').count()).toBe(0);
    await tool.click();
    expect(await tool.getAttribute('aria-expanded')).toBe('true');
    expect(await pane.locator('.tool-input').innerText()).toContain('"command": "npm test -- webhook"');
    expect(await pane.locator('.tool-result').innerText()).toBe('PASS webhook.test.ts (3 runs)');
    // The fenced block is highlighted as TypeScript.
    expect(await pane.locator('code.language-ts .hljs-keyword').first().innerText()).toBe('const');
  });

  it('the file filter lists the sessions whose tool calls edited that file; the header shows files and the resume command', async () => {
    const { browser, page } = await openBrowser();
    await expect.poll(() => browser.rows.count(), { timeout: 20_000 }).toBe(4);
    await browser.filter('Changed file').fill('README.md');
    await expect.poll(() => browser.titles(), { timeout: 20_000 }).toEqual(['Rewrite the README introduction']);
    await browser.filter('Changed file').fill('/home/dev/site/README.md');
    await expect.poll(() => browser.titles()).toEqual(['Rewrite the README introduction']);
    // A file only read or never touched lists nothing.
    await browser.filter('Changed file').fill('/home/dev/api/src/webhook.ts');
    await expect.poll(() => browser.rows.count()).toBe(0);
    await browser.filter('Changed file').fill('');
    await expect.poll(() => browser.rows.count()).toBe(4);

    await browser.row('Rewrite the README introduction').click();
    await browser.pane.getByRole('heading', { name: 'Rewrite the README introduction' }).waitFor();
    expect(await page.getByTestId('resume-command').innerText()).toBe('cd /home/dev/site && claude --resume docs-1');
    await browser.pane.getByRole('button', { name: 'Files: 1 changed, 0 read' }).click();
    expect(await browser.pane.getByRole('list', { name: 'Files touched' }).innerText()).toBe('/home/dev/site/README.md edit');
  });

  it('stars a session from the reading pane; Starred only lists just the starred', async () => {
    const { browser } = await openBrowser();
    await browser.row('Port the argument parser').click();
    const star = browser.pane.getByRole('button', { name: '☆ Star' });
    expect(await star.getAttribute('aria-pressed')).toBe('false');
    await star.click();
    await browser.row('Port the argument parser').getByRole('img', { name: 'starred' }).waitFor({ timeout: 20_000 });
    expect(await browser.pane.getByRole('button', { name: '★ Starred' }).getAttribute('aria-pressed')).toBe('true');
    await browser.filter('Starred only').check();
    await expect.poll(() => browser.titles()).toEqual(['Port the argument parser to commander']);
    await browser.pane.getByRole('button', { name: '★ Starred' }).click();
    await expect.poll(() => browser.rows.count(), { timeout: 20_000 }).toBe(0);
  });

  it('downloads the transcript as Markdown containing the prompt', async () => {
    const { browser, page } = await openBrowser();
    await browser.row('Why is the payment webhook').click();
    const [download] = await Promise.all([page.waitForEvent('download'), browser.pane.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(download.suggestedFilename()).toBe('claude-code-flaky-1.md');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('Why is the payment webhook test flaky on CI?');
    expect(text).toContain('npm test -- webhook');
  });

  it('moves with the keyboard: / searches, Down goes to the list, Enter opens', async () => {
    const { browser, page } = await openBrowser();
    await expect.poll(() => browser.rows.count(), { timeout: 20_000 }).toBe(4);
    await page.locator('body').press('/');
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).toBe('Search sessions');
    await browser.search.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await browser.list.getByRole('option', { selected: true }).innerText()).toContain('Rewrite the README introduction');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await browser.pane.getByRole('heading', { name: 'Start the live session' }).waitFor();
  });

  it('shows a line appended while the transcript is open, marked as new', async () => {
    const { app, browser, pageErrors } = await openBrowser();
    await browser.row('Start the live session').click();
    await browser.pane.getByRole('heading', { name: 'Start the live session' }).waitFor();
    expect(await browser.pane.getByRole('separator', { name: 'New since you looked' }).count()).toBe(0);
    appendClaudeUserTurn(liveFile, { sessionId: 'live-1', cwd: '/home/dev/api', uuid: 'live-1-u9', text: 'A follow-up written while you watch' });
    await browser.pane.getByText('A follow-up written while you watch').waitFor({ timeout: 20_000 });
    await browser.pane.getByRole('separator', { name: 'New since you looked' }).waitFor();
    expect(await browser.pane.locator('.turn.is-new').count()).toBe(1);
    await app.screenshot('browser-live-transcript');
    await browser.pane.getByRole('button', { name: 'Mark 1 new as read' }).click();
    expect(await browser.pane.getByRole('separator', { name: 'New since you looked' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
