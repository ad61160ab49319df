/**
 * Signing in by code from the first-run wizard, end to end: the real `devlog start` with fixture
 * agents, the real `devlog serve` on an embedded PostgreSQL, the built UI in the system Chromium,
 * and a second data folder already signed in (with a token) that approves the code with a real
 * `devlog machines approve CODE`. A code that expires is said in words and a new one works.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../src-worker/secrets/keychain-secret-store.js';
import { secretAccount } from '../src-worker/secrets/secret-store.js';
import { runCli } from '../src-worker/testing/cli-process.js';
import { OnboardingPage } from './pages/onboarding-page.js';
import { writeClaudeFixtures } from './support/agent-fixtures.js';
import { launchChromium } from './support/chromium.js';
import { makeTempDirs, startHeadless, type HeadlessDevlog, type TempDirs } from './support/devlog-process.js';
import { screenshotBothThemes } from './support/screenshots.js';
import { SyncServer } from '../src-cli/testing/sync-server.js';

const NEEDS_KEYRING =
  "this test keeps tokens in the OS keychain and needs a Secret Service: apt-get install gnome-keyring dbus, then run it as dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run --project e2e e2e/login-by-code.e2e.ts' (CI does)";

describe('the wizard signs this machine in by code', () => {
  const remote = `home-${process.pid}`;
  const approverRemote = `approver-${process.pid}`;
  let dirs: TempDirs;
  let approverHome: string;
  let approver: Record<string, string>;
  let devlog: HeadlessDevlog;
  let server: SyncServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    dirs = makeTempDirs('devlog-login-code-e2e-');
    writeClaudeFixtures(dirs.userHome, { '/home/ada/work/api': 3 }, 61);
    fs.writeFileSync(path.join(dirs.devlogHome, 'config.json'), JSON.stringify({ version: 1, machineName: 'new-laptop' }));
    server = await SyncServer.start();
    token = await server.userToken('ada');
    // Another machine of ada's, signed in with a token: it approves the code.
    approverHome = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-login-code-approver-'));
    approver = { DEVLOG_HOME: path.join(approverHome, 'devlog'), HOME: approverHome, USERPROFILE: approverHome };
    const added = await runCli(['remote', 'add', approverRemote, server.url, '--token-stdin'], approver, token);
    if (added.code !== 0) throw new Error(`remote add failed: ${added.stderr}`);
    devlog = await startHeadless(dirs);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
  }, 180_000);

  afterAll(async () => {
    const keychain = new KeychainSecretStore();
    for (const name of [remote, approverRemote]) await keychain.delete(secretAccount(name, 'token')).catch(() => undefined);
    await browser?.close();
    await devlog?.stop();
    await server?.dispose();
    dirs?.cleanup();
    if (approverHome) fs.rmSync(approverHome, { recursive: true, force: true });
  });

  const approve = (code: string) => runCli(['machines', 'approve', code], approver);

  it('shows a code; an expired one is said in words; a new code approved by another machine signs in as ada and the sync goes on', async () => {
    const wizard = new OnboardingPage(page);
    await page.goto(devlog.openUrl);
    await wizard.atStep('Welcome to devlog');
    await wizard.button('Get started').click();
    await wizard.atStep('Your agents');
    await wizard.button('Next').click();
    await wizard.atStep('Share with a remote');

    await wizard.button('Sign in with a code instead').click();
    await page.getByLabel('Name', { exact: true }).fill(remote);
    await page.getByLabel('Server URL').fill(server.url);
    await wizard.button('Get a code').click();
    const first = (await page.getByTestId('login-code').innerText()).trim();
    expect(first).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.getByTestId('approve-command').innerText()).toBe(`devlog machines approve ${first}`);
    expect(await page.getByRole('region', { name: 'Sign in with a code' }).innerText()).toContain('or approve it in devlog on a machine already signed in (Remotes > Your machines)');
    await screenshotBothThemes(page, 'wizard-login-code');

    // Ten minutes pass: the wizard says so and offers a new code.
    await server.expireLoginCodes();
    await page.getByTestId('login-problem').filter({ hasText: 'The code expired before a machine approved it.' }).waitFor({ timeout: 30_000 });
    await screenshotBothThemes(page, 'wizard-login-expired');
    await wizard.button('Get a new code').click();
    const second = (await page.getByTestId('login-code').filter({ hasNotText: first }).innerText()).trim();
    expect(second).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const approved = await approve(second);
    expect(approved.stderr).toBe('');
    expect(approved.stdout).toMatch(new RegExp(`^approved new-laptop \\([0-9a-f-]{36}\\): it is now signed in to ${server.url} as ada\\n$`));
    await page.getByTestId('signed-in').filter({ hasText: 'Signed in as ada' }).waitFor({ timeout: 30_000 });
    const config = JSON.parse(fs.readFileSync(path.join(dirs.devlogHome, 'config.json'), 'utf8'));
    expect(config.remotes).toEqual([expect.objectContaining({ name: remote, url: server.url, token: 'keychain', pull: true })]);
    const machineToken = await new KeychainSecretStore().get(secretAccount(remote, 'token'));
    expect(machineToken).toMatch(/^dvl_/);
    expect(machineToken).not.toBe(token);

    // Then as after a token sign-in: the routing preview, and the initial sync to the server.
    await wizard.previewTotal.filter({ hasText: '3 sessions from 1 workspace would be sent' }).waitFor({ timeout: 20_000 });
    await screenshotBothThemes(page, 'wizard-login-signed-in');
    await wizard.button('Save and continue').click();
    await wizard.atStep('Initial sync');
    await wizard.syncDone.waitFor({ timeout: 60_000 });
    expect((await server.sessionIds(token)).length).toBe(3);
    expect(pageErrors).toEqual([]);
  });
});
