/**
 * The sync experience end to end: the real `devlog start` with fixture agents under a test HOME,
 * the real `devlog serve` on an embedded PostgreSQL, the built UI in the system Chromium. A new
 * user goes through the wizard (agents and counts, a remote with a wrong then the right token,
 * the initial sync), uses Export now, sees the remote go offline and come back by itself, and
 * pauses and resumes collection from the popover. Every screen is saved light and dark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContent } from '../src-worker/export/testing/local-sessions.js';
import { KeychainSecretStore } from '../src-worker/secrets/keychain-secret-store.js';
import { secretAccount } from '../src-worker/secrets/secret-store.js';
import { openReadableDb } from '../src-worker/store/database.js';
import { runCli, startCli } from '../src-worker/testing/cli-process.js';
import { ActivityPage } from './pages/activity-page.js';
import { OnboardingPage } from './pages/onboarding-page.js';
import { RemotesPage } from './pages/remotes-page.js';
import { writeClaudeFixtures, writeCodexFixtures } from './support/agent-fixtures.js';
import { launchChromium } from './support/chromium.js';
import { makeTempDirs, startHeadless, type HeadlessDevlog, type TempDirs } from './support/devlog-process.js';
import { screenshotBothThemes } from './support/screenshots.js';
import { SyncServer } from '../src-cli/testing/sync-server.js';

const NEEDS_KEYRING =
  "this test stores the remote's token in the OS keychain and needs a Secret Service: apt-get install gnome-keyring dbus, then run it as dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run --project e2e e2e/onboarding.e2e.ts' (CI does)";

const WORK = '/home/ada/work';

describe('onboarding, remotes and the popover', () => {
  let dirs: TempDirs;
  let devlog: HeadlessDevlog;
  let server: SyncServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  const pageErrors: Error[] = [];
  let firstSession: { id: string; file: string };

  /** The sessions of the work workspaces in the local store: what the `team` remote's rules send. */
  function localWorkSessions(): string[] {
    const db = openReadableDb(path.join(dirs.devlogHome, 'devlog.db'));
    try {
      return localContent(db, `${WORK}/`).sessions;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    dirs = makeTempDirs('devlog-onboarding-e2e-');
    const ids = writeClaudeFixtures(dirs.userHome, { [`${WORK}/api`]: 3, [`${WORK}/web`]: 2, '/home/ada/play': 1 }, 31);
    const id = ids[0]!.replace('claude-code:', '');
    firstSession = { id, file: path.join(dirs.userHome, '.claude', 'projects', `${WORK}/api`.replace(/[^a-zA-Z0-9]/g, '-'), `${id}.jsonl`) };
    writeCodexFixtures(dirs.userHome, '/home/ada/play', 2, 32);
    server = await SyncServer.start();
    token = await server.userToken('ada');
    devlog = await startHeadless(dirs);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
  }, 180_000);

  afterAll(async () => {
    // The wizard's token went to the real keychain: take out what this test put there.
    const keychain = new KeychainSecretStore();
    if (token && (await keychain.get(secretAccount('team', 'token')).catch(() => undefined)) === token) await keychain.delete(secretAccount('team', 'token'));
    await browser?.close();
    await devlog?.stop();
    await server?.dispose();
    dirs?.cleanup();
  });

  it('a first run shows the wizard with the privacy promise and the fixture agents with their session counts', async () => {
    const wizard = new OnboardingPage(page);
    await page.goto(devlog.openUrl);
    await wizard.atStep('Welcome to devlog');
    expect(await wizard.privacyPromise.innerText()).toContain('Nothing leaves it until you add a remote, and then only the sessions its rules match, with secrets redacted.');
    await screenshotBothThemes(page, 'wizard-welcome');

    await wizard.button('Get started').click();
    await wizard.atStep('Your agents');
    await wizard.agentCount('claude-code').filter({ hasText: '6 sessions' }).waitFor({ timeout: 30_000 });
    await wizard.agentCount('codex').filter({ hasText: '2 sessions' }).waitFor({ timeout: 30_000 });
    for (const absent of ['copilot-chat', 'cursor', 'gemini']) expect(await wizard.agentCount(absent).innerText()).toBe('not found on this machine');

    // Turning an agent off is written to config.json.
    await page.getByTestId('agent-cursor').getByRole('checkbox').uncheck();
    await expect.poll(() => JSON.parse(fs.readFileSync(path.join(dirs.devlogHome, 'config.json'), 'utf8')).sources?.cursor?.enabled).toBe(false);
    await screenshotBothThemes(page, 'wizard-agents');
  });

  it('adds the server remote: a wrong token fails with a readable reason, the right one signs in; the preview counts what would go', async () => {
    const wizard = new OnboardingPage(page);
    await wizard.button('Next').click();
    await wizard.atStep('Share with a remote');

    await wizard.fillServerRemote('team', server.url, 'dlg_not_the_token');
    const refused = await wizard.testConnection();
    expect(refused).toMatch(/^The server refused this token: it is wrong, expired or revoked\./);
    expect(refused).not.toMatch(/\b40[13]\b/);
    await screenshotBothThemes(page, 'wizard-remote-wrong-token');

    await page.getByLabel('Token', { exact: true }).fill(token);
    expect(await wizard.testConnection()).toBe('Connected: signed in as ada');

    await page.getByLabel(/Only these workspaces/).fill(`${WORK}/**`);
    await wizard.previewTotal.filter({ hasText: '5 sessions from 2 workspaces would be sent' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('region', { name: 'Routing preview' }).innerText()).toContain(`${WORK}/api 3`);
    // Sent when asked (Export now), so the next test sees a backlog.
    await page.getByLabel('Export automatically').uncheck();
    await screenshotBothThemes(page, 'wizard-remote');
    await wizard.button('Add remote and continue').click();
  });

  it('the initial sync completes and the server holds every matching session', async () => {
    const wizard = new OnboardingPage(page);
    await wizard.atStep('Initial sync');
    await wizard.syncDone.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('collected').innerText()).toMatch(/^Done: 8 sessions, [\d,]+ messages on this machine\.$/);
    expect(localWorkSessions()).toHaveLength(5);
    expect(await server.sessionIds(token)).toEqual(localWorkSessions());
    await screenshotBothThemes(page, 'wizard-initial-sync');

    await wizard.button('Finish').click();
    const activity = new ActivityPage(page);
    await activity.waitForEngineState('Up to date');
    await screenshotBothThemes(page, 'activity');
    // Finished is remembered: a reload goes straight to the app.
    await page.reload();
    await activity.waitForEngineState('Up to date');
    expect(await page.getByRole('button', { name: 'Skip setup' }).count()).toBe(0);
  });

  it('Export now on the Remotes page drives the backlog to 0 and the server then lists every matching session', async () => {
    writeClaudeFixtures(dirs.userHome, { [`${WORK}/api`]: 2 }, 41);
    const remotes = new RemotesPage(page);
    await remotes.open();
    await remotes.waitForState('team', 'Waiting · 2 to send', 30_000);
    expect(await remotes.backlogCount('team')).toBe(2);
    await screenshotBothThemes(page, 'remotes-backlog');

    await remotes.card('team').getByRole('button', { name: 'Export now' }).click();
    await remotes.waitForState('team', /^Synced$/, 30_000);
    expect(await remotes.backlogCount('team')).toBe(0);
    expect(localWorkSessions()).toHaveLength(7);
    expect(await server.sessionIds(token)).toEqual(localWorkSessions());
    await remotes.card('team').getByText(/What left this machine/).click();
    await screenshotBothThemes(page, 'remotes-synced');
  });

  it('lets a new machine in by the code its devlog login shows, from the Remotes page, and lists it', async () => {
    const joiner = { DEVLOG_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-e2e-joiner-')) };
    const remoteName = `e2e-join-${process.pid}`;
    try {
      expect((await runCli(['machine', 'rename', 'e2e-joiner'], joiner)).code).toBe(0);
      const login = startCli(['login', server.url, '--name', remoteName], joiner);
      const code = (await login.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
      const remotes = new RemotesPage(page);
      await remotes.open();
      const panel = page.getByRole('region', { name: 'Your machines' });
      await panel.getByRole('textbox', { name: /Code shown by/ }).fill(code);
      await panel.getByRole('button', { name: 'Let it in' }).click();
      await panel.getByRole('status').filter({ hasText: `Approved e2e-joiner: it is now signed in to ${server.url} as ada` }).waitFor({ timeout: 20_000 });
      await login.waitFor(/as ada: this machine has a token of its own/, 20_000);
      const exitCode = login.child.exitCode ?? (await new Promise<number | null>((resolve) => login.child.once('exit', resolve)));
      expect(exitCode, login.output()).toBe(0);
      await panel.getByRole('row', { name: /e2e-joiner/ }).getByRole('cell', { name: 'active' }).waitFor();
      await screenshotBothThemes(page, 'remotes-machines');
      // A wrong code is said in words.
      await panel.getByRole('textbox', { name: /Code shown by/ }).fill('ZZZZ-ZZZZ');
      await panel.getByRole('button', { name: 'Let it in' }).click();
      await panel.getByRole('alert').filter({ hasText: /no sign-in is waiting for code ZZZZ-ZZZZ/ }).waitFor({ timeout: 20_000 });
    } finally {
      await new KeychainSecretStore().delete(secretAccount(remoteName, 'token')).catch(() => undefined);
      fs.rmSync(joiner.DEVLOG_HOME, { recursive: true, force: true });
    }
  });

  it('a remote whose server is stopped shows offline, and synced again after it returns, without a click', async () => {
    const remotes = new RemotesPage(page);
    // Export by itself from now on (edit routing: the same form, with the preview).
    await remotes.card('team').getByRole('button', { name: 'Edit routing' }).click();
    await remotes.card('team').getByLabel('Export automatically').check();
    await remotes.card('team').getByRole('button', { name: 'Save', exact: true }).click();
    await remotes.card('team').getByText('; automatically').waitFor();

    await server.stop();
    writeClaudeFixtures(dirs.userHome, { [`${WORK}/web`]: 1 }, 51);
    await remotes.waitForState('team', /^Offline/);
    expect(await remotes.card('team').getByTestId('remote-error').innerText()).toMatch(/connection refused|cannot reach/i);
    await screenshotBothThemes(page, 'remotes-offline');

    await server.resume();
    await remotes.waitForState('team', /^Synced$/, 120_000);
    expect(await server.sessionIds(token)).toEqual(localWorkSessions());
    expect(localWorkSessions()).toHaveLength(8);
  }, 240_000);

  it('adds a folder remote on the Remotes page, tests it, exports to it, pauses it and removes it with its secret', async () => {
    const remotes = new RemotesPage(page);
    const folder = path.join(dirs.userHome, 'Dropbox', 'devlog share');
    fs.mkdirSync(folder, { recursive: true });
    await page.getByRole('button', { name: 'Add remote' }).click();
    const form = page.getByRole('form', { name: 'Add a remote' });
    await form.getByLabel('A folder (Dropbox, Syncthing, NAS)').check();
    await form.getByLabel('Name', { exact: true }).fill('nas');
    await form.getByRole('textbox', { name: 'Folder' }).fill(folder);
    await form.getByLabel(/^Passphrase/).fill('correct horse battery staple');
    await form.getByRole('button', { name: 'Test connection' }).click();
    expect(await form.getByTestId('check-result').innerText()).toBe('Connected: the folder is there and writable');
    // No routing rules: every session would go.
    await form.getByTestId('preview-total').filter({ hasText: '11 sessions from 3 workspaces would be sent' }).waitFor({ timeout: 10_000 });
    await form.getByLabel('Export automatically').uncheck();
    await screenshotBothThemes(page, 'remotes-add-folder');
    await form.getByRole('button', { name: 'Add remote' }).click();

    await remotes.waitForState('nas', 'Waiting · 11 to send', 30_000);
    // Export now for all remotes at once (the team remote is already up to date).
    await page.getByRole('button', { name: 'Export now to all' }).click();
    await remotes.waitForState('nas', /^Synced$/, 30_000);
    expect(await remotes.backlogCount('nas')).toBe(0);
    expect(fs.readdirSync(folder).length).toBeGreaterThan(0);

    await remotes.card('nas').getByRole('button', { name: 'Pause' }).click();
    await remotes.waitForState('nas', /^Paused/);
    await remotes.card('nas').getByRole('button', { name: 'Resume' }).click();
    await remotes.waitForState('nas', /^Synced$/);

    // The passphrase went to the OS keychain, never into config.json.
    const keychain = new KeychainSecretStore();
    expect(await keychain.get(secretAccount('nas', 'passphrase'))).toBe('correct horse battery staple');
    expect(fs.readFileSync(path.join(dirs.devlogHome, 'config.json'), 'utf8')).not.toContain('correct horse');

    await remotes.card('nas').getByRole('button', { name: 'Remove', exact: true }).click();
    await remotes.card('nas').getByRole('button', { name: 'Remove nas and its saved secret' }).click();
    await remotes.card('nas').waitFor({ state: 'detached' });
    const config = JSON.parse(fs.readFileSync(path.join(dirs.devlogHome, 'config.json'), 'utf8')) as { remotes: { name: string }[] };
    expect(config.remotes.map((r) => r.name)).toEqual(['team']);
    expect(await keychain.get(secretAccount('nas', 'passphrase'))).toBeUndefined();
  });

  it('Pause in the popover stops collection (an appended line is not collected) and Resume collects it', async () => {
    const popover = await page.context().newPage();
    popover.on('pageerror', (err) => pageErrors.push(err));
    await popover.setViewportSize({ width: 360, height: 560 });
    await popover.goto(`${devlog.origin}/#popover`);
    const state = popover.getByTestId('popover-state');
    await state.filter({ hasText: 'Up to date' }).waitFor({ timeout: 20_000 });
    await popover.getByRole('region', { name: 'Remotes' }).getByText('Synced').waitFor();
    // The five most recent sessions, with their titles.
    const recent = popover.getByRole('list', { name: 'Recent sessions' }).getByRole('listitem');
    await expect.poll(() => recent.count(), { timeout: 20_000 }).toBe(5);
    expect(await recent.first().locator('.title').innerText()).not.toBe('');
    await screenshotBothThemes(popover, 'popover');
    const messages = async () => Number(/([\d,]+) messages/.exec(await popover.getByText(/ sessions · /).innerText())![1]!.replace(/,/g, ''));
    const before = await messages();

    await popover.getByRole('button', { name: 'Pause' }).click();
    await state.filter({ hasText: 'Paused' }).waitFor();
    const line = { type: 'user', sessionId: firstSession.id, uuid: 'e2e-paused-1', cwd: `${WORK}/api`, timestamp: new Date().toISOString(), message: { role: 'user', content: 'written while paused' } };
    fs.appendFileSync(firstSession.file, JSON.stringify(line) + '\n');
    // Long enough for a running engine to have collected it (it does in well under a second).
    await new Promise((r) => setTimeout(r, 2000));
    expect(await messages()).toBe(before);
    await screenshotBothThemes(popover, 'popover-paused');

    await popover.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(messages, { timeout: 20_000 }).toBe(before + 1);
    await state.filter({ hasText: 'Up to date' }).waitFor({ timeout: 20_000 });
    await popover.close();
  });

  it('Settings re-opens the wizard, and skipping it returns to the app', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await screenshotBothThemes(page, 'settings-setup');
    await page.getByRole('button', { name: 'Run setup again' }).click();
    const wizard = new OnboardingPage(page);
    await wizard.atStep('Welcome to devlog');
    await wizard.button('Skip setup').click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
