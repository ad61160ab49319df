/**
 * Headless mode end to end: the real `devlog start` as a child process, the built renderer in
 * the system Chromium, and the server's guards probed with raw HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityPage } from './pages/activity-page.js';
import { launchChromium } from './support/chromium.js';
import { makeTempDirs, startHeadless, type HeadlessDevlog, type TempDirs } from './support/devlog-process.js';
import { httpGet, wsUpgrade } from './support/http-probe.js';
import { tokenCookieName } from '../src-worker/headless/guard.js';

describe('headless mode in a browser', () => {
  let dirs: TempDirs;
  let devlog: HeadlessDevlog;
  let browser: Browser | undefined;
  let browserError: unknown;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dirs = makeTempDirs();
    devlog = await startHeadless(dirs);
    // A missing browser fails each browser test with its message; the HTTP tests still run.
    browser = await launchChromium().catch((err: unknown) => {
      browserError = err;
      return undefined;
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await devlog?.stop();
    dirs?.cleanup();
  });

  async function openApp(): Promise<{ activity: ActivityPage; pageErrors: Error[] }> {
    if (!browser) throw browserError instanceof Error ? browserError : new Error(String(browserError));
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));
    const activity = new ActivityPage(page);
    await activity.open(devlog.openUrl);
    return { activity, pageErrors };
  }

  it('prints the real bound port when started with --port 0', () => {
    expect(devlog.port).toBeGreaterThan(0);
    expect(devlog.openUrl).toBe(`http://127.0.0.1:${devlog.port}/?token=${devlog.token}`);
    expect(devlog.output()).toContain(`devlog is running (data: ${dirs.devlogHome})`);
  });

  it('opens the printed URL and shows the live engine status', async () => {
    const { activity, pageErrors } = await openApp();
    expect(await activity.waitForEngineState('Up to date')).toBe('Up to date');
    expect(await activity.dataHomeText()).toBe(dirs.devlogHome);
    expect((await activity.heading.innerText()).trim()).toBe('Activity');
    expect(await activity.connectionBanner.count()).toBe(0);
    // The token was traded for an HttpOnly cookie and dropped from the address bar.
    expect(activity.page.url()).toBe(`${devlog.origin}/`);
    expect(await activity.scriptVisibleCookies()).not.toContain(devlog.token);
    const cookies = await activity.page.context().cookies();
    expect(cookies.find((c) => c.name === tokenCookieName(devlog.token, devlog.port))).toMatchObject({ value: devlog.token, httpOnly: true, sameSite: 'Strict' });
    await activity.screenshot('headless-activity');
    expect(pageErrors).toEqual([]);
  });

  it('shows sessions live as an agent writes them, pushed from the engine', async () => {
    const { activity, pageErrors } = await openApp();
    await activity.waitForEngineState('Up to date');
    const before = Number((await activity.sessionsCount.innerText()).replace(/\D/g, ''));
    // Claude Code's default root under the test's HOME: the engine watches it from the start.
    const project = path.join(dirs.userHome, '.claude', 'projects', '-home-dev-e2e');
    fs.mkdirSync(project, { recursive: true });
    const line = { type: 'user', sessionId: 'e2e-live-1', uuid: 'e2e-u1', cwd: '/home/dev/e2e', timestamp: new Date().toISOString(), message: { role: 'user', content: 'hello from the e2e test' } };
    fs.writeFileSync(path.join(project, 'e2e-live-1.jsonl'), JSON.stringify(line) + '\n');
    await activity.sessionsCount.filter({ hasText: String(before + 1) }).waitFor({ timeout: 15_000 });
    await expect.poll(() => activity.page.getByRole('row').filter({ hasText: 'claude-code' }).innerText()).toContain('1');
    await activity.screenshot('headless-live-session');
    expect(pageErrors).toEqual([]);
  });

  it('the tray popover view shows state and the most recent sessions', async () => {
    const { activity, pageErrors } = await openApp();
    const project = path.join(dirs.userHome, '.claude', 'projects', '-home-dev-popover');
    fs.mkdirSync(project, { recursive: true });
    const line = { type: 'user', sessionId: 'e2e-pop-1', uuid: 'e2e-pop-u1', cwd: '/home/dev/popover', timestamp: new Date().toISOString(), message: { role: 'user', content: 'popover prompt for the e2e test' } };
    fs.writeFileSync(path.join(project, 'e2e-pop-1.jsonl'), JSON.stringify(line) + '\n');
    // A hash change alone keeps the document; the popover window loads it fresh.
    await activity.page.goto(`${devlog.origin}/#popover`);
    await activity.page.reload();
    await activity.page.getByTestId('popover-state').filter({ hasText: 'Up to date' }).waitFor({ timeout: 15_000 });
    await activity.page.getByText('popover prompt for the e2e test').waitFor({ timeout: 15_000 });
    await activity.page.setViewportSize({ width: 360, height: 480 });
    await activity.screenshot('headless-popover');
    expect(pageErrors).toEqual([]);
  });

  it('refuses HTTP requests without the token (401) or with a foreign Host (403)', async () => {
    const host = `127.0.0.1:${devlog.port}`;
    // Control: the same request with the token in a cookie is served.
    const ok = await httpGet({ port: devlog.port, path: '/', headers: { host, cookie: `${tokenCookieName(devlog.token, devlog.port)}=${devlog.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<div id="root">');

    for (const path of ['/', '/index.html', '/api/status']) {
      const res = await httpGet({ port: devlog.port, path, headers: { host } });
      expect(res.status, path).toBe(401);
      expect(res.body).not.toContain('<div id="root">');
    }
    const wrongToken = await httpGet({ port: devlog.port, path: '/?token=not-the-token', headers: { host } });
    expect(wrongToken.status).toBe(401);

    // DNS rebinding: a foreign name pointing at 127.0.0.1 is refused even with the right token.
    for (const foreign of [`evil.example:${devlog.port}`, 'evil.example', `127.0.0.1:${devlog.port + 1}`]) {
      const res = await httpGet({ port: devlog.port, path: `/?token=${devlog.token}`, headers: { host: foreign } });
      expect(res.status, foreign).toBe(403);
    }
    const foreignOrigin = await httpGet({
      port: devlog.port,
      path: '/api/status',
      headers: { host, origin: 'http://evil.example', cookie: `${tokenCookieName(devlog.token, devlog.port)}=${devlog.token}` },
    });
    expect(foreignOrigin.status).toBe(403);
  });

  it('refuses WebSocket upgrades without the token or from a foreign Origin', async () => {
    const host = `127.0.0.1:${devlog.port}`;
    const cookie = `${tokenCookieName(devlog.token, devlog.port)}=${devlog.token}`;
    // Control: what the page does (its own Origin and the cookie) is accepted.
    expect(await wsUpgrade({ port: devlog.port, headers: { host, origin: devlog.origin, cookie } })).toBe(101);

    expect(await wsUpgrade({ port: devlog.port, headers: { host, origin: devlog.origin } })).toBe(401);
    expect(await wsUpgrade({ port: devlog.port, headers: { host, origin: 'http://evil.example', cookie } })).toBe(403);
    expect(await wsUpgrade({ port: devlog.port, headers: { host, origin: `http://localhost:${devlog.port + 1}`, cookie } })).toBe(403);
    expect(await wsUpgrade({ port: devlog.port, headers: { host: `evil.example:${devlog.port}`, origin: devlog.origin, cookie } })).toBe(403);
  });

  it('shows "Engine unreachable" when devlog stops, and reconnects by itself when it is back', async () => {
    const { activity } = await openApp();
    await activity.waitForEngineState('Up to date');
    expect(await activity.enginePid()).toBe(devlog.child.pid);
    const port = devlog.port;
    const token = devlog.token;

    expect(await devlog.stop()).toBe(0);
    const banner = await activity.waitForUnreachable();
    expect(banner).toMatch(/^Engine unreachable: .+ Retrying…$/);
    await activity.screenshot('headless-unreachable');

    // Same data folder, same port: the page's cookie (the per-install token) still fits.
    devlog = await startHeadless(dirs, port);
    expect(devlog.port).toBe(port);
    expect(devlog.token).toBe(token);

    await activity.waitForReconnected(30_000);
    // The status on screen is the new engine's, not the one from before the restart.
    expect(await activity.enginePid()).toBe(devlog.child.pid);
    expect(await activity.dataHomeText()).toBe(dirs.devlogHome);
    await activity.screenshot('headless-reconnected');
  });
});
