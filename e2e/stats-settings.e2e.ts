/**
 * Stats and Settings end to end, and a screenshot of every page in light and dark: real
 * `devlog start`, sessions the test wrote in the agents' layouts, real Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsResult } from '../src-shared/contract/index.js';
import { AppPage, BrowserPageObject } from './pages/app-page.js';
import { SettingsPageObject, StatsPageObject } from './pages/stats-settings-pages.js';
import { writeClaudeSession, writeCodexSession } from './support/agent-sessions.js';
import { BrowserHarness } from './support/app-session.js';
import { screenshotBothThemes } from './support/screenshots.js';
import { makeTempDirs, REPO_ROOT, startHeadless, type HeadlessDevlog, type TempDirs } from './support/devlog-process.js';
import { runCli } from '../src-worker/testing/cli-process.js';

const usd = (n: number | null) => (n === null ? 'unknown' : new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: n > 0 && n < 1 ? 4 : 2 }).format(n));
/** The theme the page shows, by its background colour (an expression: e2e code has no DOM types). */
const themeOf = (page: Page) => page.evaluate<string>("getComputedStyle(document.body).backgroundColor === 'rgb(21, 23, 28)' ? 'dark' : 'light'");
const count = (n: number) => new Intl.NumberFormat('en').format(n);

describe('Stats and Settings pages', () => {
  let dirs: TempDirs;
  let devlog: HeadlessDevlog;
  const chromium = new BrowserHarness();

  beforeAll(async () => {
    dirs = makeTempDirs();
    const day = (n: number) => new Date(Date.now() - n * 86_400_000);
    const reply = (n: number) => ({ text: `Working on step ${n}.`, command: `make step-${n}`, output: 'ok', closing: 'Done.' });
    writeClaudeSession(dirs.userHome, { sessionId: 'st-1', cwd: '/home/dev/api', prompt: 'Add rate limiting', reply: reply(1), time: day(3) });
    writeClaudeSession(dirs.userHome, { sessionId: 'st-2', cwd: '/home/dev/api', prompt: 'Fix the migration', reply: reply(2), model: 'claude-opus-4-1-20250805', time: day(1) });
    writeClaudeSession(dirs.userHome, { sessionId: 'st-3', cwd: '/home/dev/web', prompt: 'Tidy the CSS', reply: reply(3), time: day(1) });
    writeCodexSession(dirs.userHome, { id: '0199bbbb-0000-7000-8000-000000000001', cwd: '/home/dev/cli', prompt: 'Port the parser', time: day(2) });
    devlog = await startHeadless(dirs);
    await chromium.launch();
  });

  afterAll(async () => {
    await chromium.close();
    await devlog?.stop();
    dirs?.cleanup();
  });

  async function openApp(colorScheme: 'light' | 'dark' = 'light') {
    const { page, pageErrors } = await chromium.newPage({ colorScheme });
    const app = new AppPage(page);
    await app.open(devlog.openUrl);
    return { app, page, pageErrors };
  }

  const cliStats = async (args: string[]): Promise<StatsResult> => {
    const r = await runCli(['stats', '--json', ...args], { DEVLOG_HOME: dirs.devlogHome, HOME: dirs.userHome });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as StatsResult;
  };

  it('shows totals and charts equal to `devlog stats --json`, also with a filter', async () => {
    const { app, page, pageErrors } = await openApp();
    await app.goTo('Stats');
    const stats = new StatsPageObject(page);
    for (const [agent, args] of [['', []], ['claude-code', ['--agent', 'claude-code']]] as const) {
      if (agent) await stats.filter('Agent').selectOption(agent);
      const cli = await cliStats([...args]);
      expect(cli.total.sessions).toBe(agent ? 3 : 4);
      const t = cli.total;
      await expect.poll(() => stats.total('sessions').innerText(), { timeout: 20_000 }).toBe(count(t.sessions));
      expect(await stats.total('messages').innerText()).toBe(count(t.messages));
      expect(await stats.total('tool-calls').innerText()).toBe(count(t.toolCalls));
      expect(await stats.total('tokens').innerText()).toBe(count(t.tokens.input + t.tokens.output + t.tokens.cacheRead + t.tokens.cacheCreation));
      expect(await stats.total('cost').innerText()).toBe(usd(t.cost));

      // The charts' own numbers add up to the same totals.
      const perDay = await stats.table('Tokens per day by model');
      const tokenSum = perDay.slice(1).reduce((a, row) => a + row.slice(1).reduce((b, c) => b + Number(c), 0), 0);
      expect(tokenSum).toBe(t.tokens.input + t.tokens.output + t.tokens.cacheRead + t.tokens.cacheCreation);
      expect(perDay[0]).toEqual(expect.arrayContaining(['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805']));
      const costSum = (await stats.table('Cost per day')).slice(1).reduce((a, row) => a + Number(row[1]), 0);
      expect(costSum).toBeCloseTo(t.cost ?? 0, 5);
      const byAgent = Object.fromEntries((await stats.table('Sessions by agent')).slice(1).map((r) => [r[0], Number(r[1])]));
      expect(byAgent).toEqual(Object.fromEntries((await cliStats(['--by', 'agent', ...args])).groups.map((g) => [g.key, g.sessions])));
      expect(await stats.bars('Tokens per day by model').count()).toBeGreaterThan(0);
    }
    expect(pageErrors).toEqual([]);
  });

  it('a source turned off takes effect without a restart and stays off after one', async () => {
    const { app, page } = await openApp();
    await app.goTo('Settings');
    const settings = new SettingsPageObject(page);
    await settings.sourceSwitch('claude-code').uncheck();
    const configFile = path.join(dirs.devlogHome, 'config.json');
    await expect.poll(() => fs.existsSync(configFile) && JSON.parse(fs.readFileSync(configFile, 'utf8')).sources?.['claude-code']?.enabled).toBe(false);

    // Written after the switch: the codex session (on) is collected, the Claude one (off) is not.
    writeClaudeSession(dirs.userHome, { sessionId: 'while-off', cwd: '/home/dev/api', prompt: 'Written while Claude Code is off' });
    writeCodexSession(dirs.userHome, { id: '0199bbbb-0000-7000-8000-000000000002', cwd: '/home/dev/cli', prompt: 'Codex keeps collecting' });
    await app.goTo('Browser');
    const browser = new BrowserPageObject(page);
    await browser.row('Codex keeps collecting').waitFor({ timeout: 20_000 });
    expect(await browser.row('Written while Claude Code is off').count()).toBe(0);

    // Restart: config.json keeps it off, and the engine still does not read the file.
    const port = devlog.port;
    expect(await devlog.stop()).toBe(0);
    devlog = await startHeadless(dirs, port);
    const again = await openApp();
    await again.app.goTo('Settings');
    const settingsAgain = new SettingsPageObject(again.page);
    await expect.poll(() => settingsAgain.sourceSwitch('claude-code').isChecked(), { timeout: 20_000 }).toBe(false);
    expect(await settingsAgain.sourceSwitch('codex').isChecked()).toBe(true);
    const status = await runCli(['status', '--json'], { DEVLOG_HOME: dirs.devlogHome, HOME: dirs.userHome });
    const claude = (JSON.parse(status.stdout) as { sources: { agent: string; enabled: boolean; roots: { watchMode: string }[] }[] }).sources.find((s) => s.agent === 'claude-code')!;
    expect(claude.enabled).toBe(false);
    expect(claude.roots.every((r) => r.watchMode === 'off')).toBe(true);
    await again.app.goTo('Browser');
    const browserAgain = new BrowserPageObject(again.page);
    await browserAgain.row('Codex keeps collecting').waitFor({ timeout: 20_000 });
    expect(await browserAgain.row('Written while Claude Code is off').count()).toBe(0);

    // On again: the file written meanwhile is read, still without a restart.
    await again.app.goTo('Settings');
    await settingsAgain.sourceSwitch('claude-code').check();
    await again.app.goTo('Browser');
    await browserAgain.row('Written while Claude Code is off').waitFor({ timeout: 20_000 });
  });

  it('picks up config.json edited by hand (the theme switches without a reload)', async () => {
    const { page } = await openApp('light');
    expect(await themeOf(page)).toBe('light');
    const configFile = path.join(dirs.devlogHome, 'config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    fs.writeFileSync(configFile, JSON.stringify({ ...config, ui: { theme: 'dark' } }, null, 2));
    await expect.poll(() => themeOf(page), { timeout: 20_000 }).toBe('dark');
    // A broken edit is named on the Settings page, and the settings in force stay.
    fs.writeFileSync(configFile, '{ "version": 1, "historyDays": -4 }');
    await new AppPage(page).goTo('Settings');
    await page.getByRole('alert').filter({ hasText: 'historyDays' }).waitFor({ timeout: 20_000 });
    expect(await themeOf(page)).toBe('dark');
    fs.writeFileSync(configFile, JSON.stringify({ ...config, ui: { theme: 'system' } }, null, 2));
    await expect.poll(() => themeOf(page), { timeout: 20_000 }).toBe('light');
    expect(await page.getByRole('alert').count()).toBe(0);

    // The same choice on the Settings page: applied at once and saved.
    const settings = new SettingsPageObject(page);
    await settings.theme('Dark').check();
    await expect.poll(() => themeOf(page)).toBe('dark');
    await expect.poll(() => JSON.parse(fs.readFileSync(configFile, 'utf8')).ui?.theme).toBe('dark');
    await settings.theme('Follow the system').check();
    await expect.poll(() => themeOf(page)).toBe('light');
  });

  it('switches redaction per remote, saved to config.json', async () => {
    const folder = path.join(path.dirname(dirs.devlogHome), 'nas');
    fs.mkdirSync(folder);
    const added = await runCli(['remote', 'add', 'nas', `file://${folder}`], { DEVLOG_HOME: dirs.devlogHome, HOME: dirs.userHome });
    expect(added.code, added.stderr).toBe(0);
    const { app, page } = await openApp();
    await app.goTo('Settings');
    const redact = page.getByRole('checkbox', { name: /Redact secrets before sending to nas/ });
    await redact.waitFor({ timeout: 20_000 });
    expect(await redact.isChecked()).toBe(true);
    await redact.uncheck();
    const configFile = path.join(dirs.devlogHome, 'config.json');
    await expect.poll(() => (JSON.parse(fs.readFileSync(configFile, 'utf8')) as { remotes: { name: string; redact: boolean }[] }).remotes.find((r) => r.name === 'nas')?.redact).toBe(false);
    await page.reload();
    await app.goTo('Settings');
    await expect.poll(() => page.getByRole('checkbox', { name: /Redact secrets before sending to nas/ }).isChecked(), { timeout: 20_000 }).toBe(false);
  });

  it('saves a screenshot of every page in light and dark', async () => {
    const { app, page, pageErrors } = await openApp('light');
    expect(await themeOf(page)).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => themeOf(page)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshotBothThemes(page, 'page-activity');
    await app.goTo('Browser');
    const browser = new BrowserPageObject(page);
    await browser.row('Add rate limiting').click();
    await browser.pane.getByRole('button', { name: /Tool call Bash/ }).click();
    await browser.search.fill('rate');
    await browser.list.locator('mark').first().waitFor({ timeout: 20_000 });
    await screenshotBothThemes(page, 'page-browser');
    await app.goTo('Stats');
    await new StatsPageObject(page).bars('Tokens per day by model').first().waitFor({ timeout: 20_000 });
    await screenshotBothThemes(page, 'page-stats');
    await app.goTo('Remotes');
    await screenshotBothThemes(page, 'page-remotes');
    await app.goTo('Settings');
    await new SettingsPageObject(page).sourceSwitch('codex').waitFor();
    await screenshotBothThemes(page, 'page-settings');
    expect(pageErrors).toEqual([]);
    for (const name of ['activity', 'browser', 'stats', 'remotes', 'settings']) {
      for (const scheme of ['light', 'dark']) expect(fs.existsSync(path.join(REPO_ROOT, 'artifacts', 'e2e', `page-${name}-${scheme}.png`))).toBe(true);
    }
  });
});
