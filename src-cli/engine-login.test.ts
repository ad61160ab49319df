import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevlogMethods, LoginFlowState } from '../src-shared/contract/index.js';
import { openDatabase } from '../src-server/db/open.js';
import { Engine } from '../src-worker/engine.js';
import { createHandlers } from '../src-worker/rpc/index.js';
import { KeychainSecretStore } from '../src-worker/secrets/keychain-secret-store.js';
import { secretAccount } from '../src-worker/secrets/secret-store.js';
import { runCli, startCli, type RunningCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const NEEDS_KEYRING =
  "this test keeps tokens in the OS keychain and needs a Secret Service: apt-get install gnome-keyring dbus, then run it as dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run ...' (CI does)";

type Call = <K extends keyof DevlogMethods>(method: K, params: DevlogMethods[K]['params']) => Promise<DevlogMethods[K]['result']>;

describe("the engine's sign-in by code (machines.login.*) against a real devlog serve", () => {
  const tempDir = useTempHome('devlog-engine-login-');
  const keychain = new KeychainSecretStore();
  const remoteNames: string[] = [];
  let serverDir: string;
  let data: string;
  let server: RunningCli;
  let url: string;
  let approverEnv: Record<string, string>;

  beforeAll(async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-engine-login-serve-'));
    fs.chmodSync(serverDir, 0o711); // as root, the embedded cluster runs as "postgres"
    data = path.join(serverDir, 'data');
    server = startCli(['serve', '--data', data, '--port', '0'], {});
    url = (await server.waitFor(/listening on (http:\/\/\S+)/, 120_000))[1]!;
    expect((await runCli(['server', 'user', 'add', 'ada', '--data', data], {})).code).toBe(0);
    const created = await runCli(['server', 'token', 'create', '--user', 'ada', '--json', '--data', data], {});
    expect(created.code, created.stderr).toBe(0);
    // A machine already signed in with ada's token: it approves the codes.
    const approverHome = path.join(serverDir, 'approver');
    approverEnv = { DEVLOG_HOME: path.join(approverHome, 'devlog'), HOME: approverHome, USERPROFILE: approverHome };
    fs.mkdirSync(approverEnv.DEVLOG_HOME!, { recursive: true });
    const approverRemote = remoteName('approver');
    const added = await runCli(['remote', 'add', approverRemote, url, '--token-stdin'], approverEnv, JSON.parse(created.stdout).token as string);
    expect(added.code, added.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    for (const name of remoteNames) await keychain.delete(secretAccount(name, 'token')).catch(() => undefined);
    await server?.stop();
    if (serverDir) fs.rmSync(serverDir, { recursive: true, force: true });
  });

  function remoteName(prefix: string): string {
    const name = `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
    remoteNames.push(name);
    return name;
  }

  /** An engine on a data folder of its own (named `machineName`), and its RPC handlers. */
  function engineOn(machineName: string): { engine: Engine; call: Call; home: string } {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, machineName }));
    const engine = Engine.open({ home });
    const handlers = createHandlers(engine) as unknown as Record<string, (p: unknown, c: unknown) => unknown>;
    const ctx = { connectionId: 1, signal: new AbortController().signal };
    const call = ((method: string, params: unknown) => Promise.resolve(handlers[method]!(params, ctx))) as Call;
    return { engine, call, home };
  }

  async function stateUntil(call: Call, done: (s: LoginFlowState) => boolean): Promise<LoginFlowState> {
    for (let i = 0; i < 600; i++) {
      const s = await call('machines.login.state', undefined);
      if (done(s)) return s;
      await sleep(100);
    }
    throw new Error(`the sign-in stayed ${JSON.stringify(await call('machines.login.state', undefined))}`);
  }

  const remotesIn = (home: string) => (JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).remotes ?? []) as { name: string }[];

  it('shows a code, waits in the background, and on approval adds the server remote with its own token (pull on)', async () => {
    const { engine, call, home } = engineOn('desk');
    try {
      expect(await call('machines.login.state', undefined)).toEqual({ state: 'idle' });
      const name = remoteName('joined');
      const started = await call('machines.login.start', { url, remote: name });
      expect(started).toMatchObject({ url, remote: name, machineName: 'desk', code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) });
      expect(await call('machines.login.state', undefined)).toEqual({ state: 'waiting', ...started });

      const approved = await runCli(['machines', 'approve', started.code], approverEnv);
      expect(approved.stderr).toBe('');
      expect(approved.stdout).toContain('approved desk (');

      const done = await stateUntil(call, (s) => s.state !== 'waiting');
      expect(done).toMatchObject({ state: 'approved', url, remote: name, user: 'ada', settings: { name, url, pull: true } });
      expect(remotesIn(home)).toEqual([expect.objectContaining({ name, url, token: 'keychain', pull: true })]);
      expect(await keychain.get(secretAccount(name, 'token'))).toMatch(/^dvl_/);
      // The new token works: this machine lists the user's machines and is one of them.
      const listed = await call('machines.list', { remote: name });
      expect(listed.machines.filter((m) => m.current).map((m) => m.name)).toEqual(['desk']);
    } finally {
      engine.dispose();
    }
  });

  it('an expired code is said in words and adds nothing; a new start waits on a new code; cancel and the engine stopping end the wait', async () => {
    const { engine, call, home } = engineOn('late');
    let stopped = false;
    try {
      const name = remoteName('late');
      const first = await call('machines.login.start', { url, remote: name });
      const db = await openDatabase({ data });
      try {
        await db.pool.query(`UPDATE login_requests SET expires_at = now() - interval '1 second' WHERE machine_name = 'late'`);
      } finally {
        await db.close();
      }
      const expired = await stateUntil(call, (s) => s.state !== 'waiting');
      expect(expired).toEqual({ state: 'expired', url, remote: name, code: first.code, error: `code ${first.code} expired before a machine approved it: get a new code and try again` });
      expect(remotesIn(home)).toEqual([]);

      // Retry: a new code; cancelled, it is no longer waited on even when approved later.
      const second = await call('machines.login.start', { url, remote: name });
      expect(second.code).not.toBe(first.code);
      expect(await call('machines.login.state', undefined)).toMatchObject({ state: 'waiting', code: second.code });
      expect(await call('machines.login.cancel', undefined)).toEqual({ state: 'idle' });
      const third = await call('machines.login.start', { url, remote: name });
      engine.dispose();
      stopped = true;
      for (const code of [second.code, third.code]) expect((await runCli(['machines', 'approve', code], approverEnv)).code).toBe(0);
      // Several poll intervals pass: nobody is waiting to take the tokens.
      await sleep(6_000);
      expect(remotesIn(home)).toEqual([]);
      expect(await keychain.get(secretAccount(name, 'token'))).toBeUndefined();
    } finally {
      if (!stopped) engine.dispose();
    }
  });

  it('refuses a bad URL or name at once, says an unreachable server in words, and a server that stops answering as one ends the wait as failed', async () => {
    const { engine, call } = engineOn('odd');
    try {
      await expect(call('machines.login.start', { url: 'ftp://host' })).rejects.toThrow('ftp://host: expected a devlog server (http:// or https://)');
      await expect(call('machines.login.start', { url, remote: 'bad name' })).rejects.toThrow(/remote/);
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      await expect(call('machines.login.start', { url: `http://127.0.0.1:${port}` })).rejects.toThrow(`cannot reach http://127.0.0.1:${port}: connection refused`);
      expect(await call('machines.login.state', undefined)).toEqual({ state: 'idle' });

      // A stand-in server: gives a code, then refuses the poll with a reason of its own.
      const standIn = http.createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v1/login') {
          res.end(JSON.stringify({ code: 'ABCD-EFGH', pollSecret: 's', expiresAt: new Date(Date.now() + 600_000).toISOString(), intervalSeconds: 1 }));
        } else {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: { message: 'this sign-in was withdrawn' } }));
        }
      });
      await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
      try {
        const standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
        await call('machines.login.start', { url: standInUrl, remote: 'stand-in' });
        expect(await stateUntil(call, (s) => s.state !== 'waiting')).toEqual({ state: 'failed', url: standInUrl, remote: 'stand-in', error: 'the server said: this sign-in was withdrawn' });
      } finally {
        await new Promise<void>((resolve) => standIn.close(() => resolve()));
      }
    } finally {
      engine.dispose();
    }
  });
});
