import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src-server/db/open.js';
import { KeychainSecretStore } from '../src-worker/secrets/keychain-secret-store.js';
import { secretAccount } from '../src-worker/secrets/secret-store.js';
import { runCli, startCli, type RunningCli } from '../src-worker/testing/cli-process.js';
import { startIsolatedEngine } from '../src-worker/testing/isolated-engine.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const NEEDS_KEYRING =
  "this test needs a Secret Service: apt-get install gnome-keyring dbus, then run it as dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run ...' (CI does)";

/** The exit code of a process that ends by itself (stop() would signal it). */
const exitOf = (cli: RunningCli) => new Promise<number | null>((resolve) => (cli.child.exitCode !== null ? resolve(cli.child.exitCode) : cli.child.once('exit', (code) => resolve(code))));

const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(3).toString('hex')}`;

describe('devlog login + machines approve|list|revoke against a real devlog serve', () => {
  const tempDir = useTempHome('devlog-machines-cli-');
  const keychain = new KeychainSecretStore();
  /** Remote names whose keychain entries are removed at the end (one keychain serves every test machine). */
  const remoteNames: string[] = [];
  let serverDir: string;
  let data: string;
  let server: RunningCli;
  let url: string;
  let adaToken: string;
  let malloryToken: string;

  beforeAll(async () => {
    serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-machines-serve-'));
    fs.chmodSync(serverDir, 0o711); // as root, the embedded cluster runs as "postgres"
    data = path.join(serverDir, 'data');
    server = startCli(['serve', '--data', data, '--port', '0'], {});
    url = (await server.waitFor(/listening on (http:\/\/\S+)/, 120_000))[1]!;
    const token = async (user: string) => {
      expect((await runCli(['server', 'user', 'add', user, '--data', data], {})).code).toBe(0);
      const created = await runCli(['server', 'token', 'create', '--user', user, '--json', '--data', data], {});
      expect(created.code, created.stderr).toBe(0);
      return JSON.parse(created.stdout).token as string;
    };
    adaToken = await token('ada');
    malloryToken = await token('mallory');
  });
  afterAll(async () => {
    for (const name of remoteNames) await keychain.delete(secretAccount(name, 'token')).catch(() => undefined);
    await server?.stop();
    if (serverDir) fs.rmSync(serverDir, { recursive: true, force: true });
  });

  /** A machine of its own: DEVLOG_HOME, HOME, a machine name, and `sessions` collected Claude Code sessions. */
  async function machine(machineName: string, sessions: string[] = []) {
    const dir = tempDir();
    const userHome = path.join(dir, 'user');
    const project = path.join(dir, 'claude', 'projects', 'p');
    fs.mkdirSync(project, { recursive: true });
    fs.mkdirSync(userHome, { recursive: true });
    const env = { DEVLOG_HOME: path.join(dir, 'devlog'), HOME: userHome, USERPROFILE: userHome };
    fs.mkdirSync(env.DEVLOG_HOME, { recursive: true });
    fs.writeFileSync(path.join(env.DEVLOG_HOME, 'config.json'), JSON.stringify({ version: 1, machineName }));
    for (const id of sessions) {
      const line = { type: 'user', sessionId: id, uuid: `${id}-u1`, cwd: path.join(userHome, 'work'), timestamp: '2026-01-02T03:04:05.000Z', message: { role: 'user', content: `hello from ${machineName}` } };
      fs.writeFileSync(path.join(project, `${id}.jsonl`), JSON.stringify(line) + '\n');
    }
    const collected = await runCli(['collect', '--json', '--root', `claude-code=${path.join(dir, 'claude')}`], env);
    expect(collected.code, collected.stderr).toBe(0);
    const devlog = (...args: string[]) => runCli(args, env);
    return { env, devlog, dir };
  }

  /** A remote name unique to this run, cleaned out of the keychain afterwards. */
  const remoteName = (prefix: string) => {
    const name = unique(prefix);
    remoteNames.push(name);
    return name;
  };

  async function signInWithToken(m: Awaited<ReturnType<typeof machine>>, token: string) {
    const name = remoteName('home');
    const added = await runCli(['remote', 'add', name, url, '--token-stdin'], m.env, token);
    expect(added.code, added.stderr).toBe(0);
    return name;
  }

  /** `devlog login` on `joiner`, approved by `approver`; returns the remote name and login's output. */
  async function join(joiner: Awaited<ReturnType<typeof machine>>, approver: Awaited<ReturnType<typeof machine>>) {
    const name = remoteName('joined');
    const login = startCli(['login', url, '--name', name], joiner.env);
    const code = (await login.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
    const approved = await approver.devlog('machines', 'approve', code);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(await exitOf(login)).toBe(0);
    return { name, code, approvedOut: approved.stdout, loginOut: login.output() };
  }

  const sessionsOn = async (token: string) =>
    ((await (await fetch(`${url}/v1/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as { sessions: { id: string; originMachine: string }[] }).sessions;

  it('a third machine joins with login + approve and pulls everything the user exported; a revoked machine is refused', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const laptop = await machine('laptop', ['a1', 'a2']);
    const laptopRemote = await signInWithToken(laptop, adaToken);
    expect((await laptop.devlog('export', '--remote', laptopRemote)).code).toBe(0);

    // The desk joins by code, approved from the laptop, and exports its own session with its own token.
    const desk = await machine('desk', ['d1']);
    const deskJoin = await join(desk, laptop);
    expect(deskJoin.loginOut).toContain(`To let this machine ("desk") in, run this on a machine already signed in to ${url}:\n\n    devlog machines approve ${deskJoin.code}\n`);
    expect(deskJoin.loginOut).toContain(`signed in to ${url} as ada: this machine has a token of its own, in the OS keychain for remote "${deskJoin.name}" (pull on)`);
    expect(deskJoin.approvedOut).toMatch(new RegExp(`^approved desk \\([0-9a-f-]{36}\\): it is now signed in to ${url} as ada\\n$`));
    const deskConfig = JSON.parse(fs.readFileSync(path.join(desk.env.DEVLOG_HOME, 'config.json'), 'utf8'));
    expect(deskConfig.remotes).toEqual([expect.objectContaining({ name: deskJoin.name, url, token: 'keychain', pull: true })]);
    const deskToken = (await keychain.get(secretAccount(deskJoin.name, 'token')))!;
    expect(deskToken).toMatch(/^dvl_/);
    expect(deskToken).not.toBe(adaToken);
    expect((await desk.devlog('export', '--remote', deskJoin.name)).code).toBe(0);

    // The third machine joins through the desk, a machine that itself joined by code.
    const box = await machine('devbox');
    const boxJoin = await join(box, desk);
    const boxToken = (await keychain.get(secretAccount(boxJoin.name, 'token')))!;
    const seen = await sessionsOn(boxToken);
    expect(seen.map((s) => s.id).sort()).toEqual(['claude-code:a1', 'claude-code:a2', 'claude-code:d1']);
    const tested = await box.devlog('remote', 'test', boxJoin.name, '--json');
    expect(JSON.parse(tested.stdout)).toMatchObject({ authenticatedAs: 'ada', problem: null });

    const listed = JSON.parse((await box.devlog('machines', 'list', '--json')).stdout) as { machines: { name: string; lastSyncAt: string | null; revokedAt: string | null; current: boolean }[] };
    expect(listed.machines.map((m) => [m.name, m.current, m.revokedAt])).toEqual([
      ['laptop', false, null],
      ['desk', false, null],
      ['devbox', true, null],
    ]);
    expect(listed.machines.map((m) => m.lastSyncAt !== null)).toEqual([true, true, false]); // the box has not synced yet
    const table = (await laptop.devlog('machines', 'list')).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME\s+LAST SYNC\s+STATE\s+ID$/);
    expect(table[1]).toMatch(/^laptop \(this machine\)\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+active\s+/);
    expect(table[3]).toMatch(/^devbox\s+never\s+active\s+/);

    // The box pulls everything into its own store with the token it got by code.
    const synced = await box.devlog('sync', boxJoin.name);
    expect(synced.code, synced.stderr).toBe(0);
    const local = JSON.parse((await box.devlog('query', '--json')).stdout) as { sessions: { id: string; originMachine: string }[] };
    expect(local.sessions.map((s) => s.id).sort()).toEqual(['claude-code:a1', 'claude-code:a2', 'claude-code:d1']);
    const boxMachine = JSON.parse((await box.devlog('machine', '--json')).stdout) as { id: string };
    expect(local.sessions.every((s) => s.originMachine !== boxMachine.id)).toBe(true);

    // Cut off from the laptop, by name: the box's token is refused, in words, at once.
    const revoked = await laptop.devlog('machines', 'revoke', 'devbox');
    expect(revoked.stderr).toBe('');
    expect(revoked.stdout).toMatch(new RegExp(`^revoked devbox \\([0-9a-f-]{36}\\) on ${url}: 1 token stopped working; its batches are refused from now on\\n$`));
    const refused = await box.devlog('machines', 'list');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^devlog: the server said: this machine \("devbox"\) was revoked on \S+: to let it in again, run `devlog login URL` on it and approve the code from a machine still signed in\n$/);
    const test = await box.devlog('remote', 'test', boxJoin.name);
    expect(test.code).toBe(1);
    expect(test.stdout).toContain('was revoked on');
    expect((await fetch(`${url}/v1/sessions`, { headers: { authorization: `Bearer ${boxToken}` } })).status).toBe(401);
    expect(JSON.parse((await desk.devlog('machines', 'list', '--json')).stdout).machines.find((m: { name: string }) => m.name === 'devbox').revokedAt).not.toBeNull();

    // Signing in again replaces the token of the remote already there; the old one stays dead.
    const again = startCli(['login', url, '--name', boxJoin.name], box.env);
    const code = (await again.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
    expect((await laptop.devlog('machines', 'approve', code)).code).toBe(0);
    expect(await exitOf(again)).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(box.env.DEVLOG_HOME, 'config.json'), 'utf8')).remotes).toHaveLength(1);
    const newToken = (await keychain.get(secretAccount(boxJoin.name, 'token')))!;
    expect(newToken).not.toBe(boxToken);
    expect((await sessionsOn(newToken)).length).toBe(3);
  });

  it('a wrong or expired code fails in words, and so does the login waiting on it', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const laptop = await machine('laptop2');
    await signInWithToken(laptop, adaToken);
    const wrong = await laptop.devlog('machines', 'approve', 'ZZZZ-ZZZZ');
    expect(wrong).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'devlog: the server said: no sign-in is waiting for code ZZZZ-ZZZZ: check the code `devlog login` shows on the new machine\n',
    });

    const late = await machine('late');
    const name = remoteName('late');
    const login = startCli(['login', url, '--name', name], late.env);
    const code = (await login.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
    // Ten minutes pass.
    const db = await openDatabase({ data });
    try {
      await db.pool.query(`UPDATE login_requests SET expires_at = now() - interval '1 second' WHERE machine_name = 'late'`);
    } finally {
      await db.close();
    }
    const expired = await laptop.devlog('machines', 'approve', code);
    expect(expired.code).toBe(2);
    expect(expired.stderr).toBe(`devlog: the server said: code ${code} expired (codes last 10 minutes): run \`devlog login\` on the new machine again\n`);
    expect(await exitOf(login)).toBe(1);
    expect(login.output()).toContain(`devlog: code ${code} expired before a machine approved it: run \`devlog login ${url}\` again\n`);
    expect(fs.readFileSync(path.join(late.env.DEVLOG_HOME, 'config.json'), 'utf8')).not.toContain(name);
    expect(await keychain.get(secretAccount(name, 'token'))).toBeUndefined();
  });

  it('login: usage errors are one line and exit 2; an unreachable server is said in words, and nothing is added', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const m = await machine('usage');
    const other = remoteName('other');
    expect((await runCli(['remote', 'add', other, 'http://127.0.0.1:1', '--token-env', 'T'], m.env)).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['login', 'ftp://host'], /^devlog: ftp:\/\/host: expected a devlog server \(http:\/\/ or https:\/\/\)$/],
      [['login', 'not a url'], /^devlog: not a url: not a URL; expected a devlog server/],
      [['login', 'http://ada:pw@host'], /^devlog: http:\/\/ada:pw@host: leave the user and password out of the URL$/],
      [['login', url, '--name', 'bad name'], /^devlog: --name bad name: use letters, digits/],
      [['login', url, '--name', other], new RegExp(`^devlog: remote "${other}" already points at http://127.0.0.1:1: choose another name with --name$`)],
      [['machines', 'approve', 'ABCD-EFGH', '--remote', 'nope'], /^devlog: no remote named "nope"/],
      [['machines', 'revoke'], /missing required argument 'machine'/],
    ];
    for (const [args, message] of cases) {
      const out = await m.devlog(...args);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(2);
      expect(out.stderr.trimEnd()).toMatch(message);
      expect(out.stderr.trimEnd().split('\n'), out.stderr).toHaveLength(1);
      expect(out.stdout).toBe('');
    }

    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = await m.devlog('login', `http://127.0.0.1:${closed}`);
    expect(unreachable).toMatchObject({ code: 1, stdout: '', stderr: `devlog: cannot reach http://127.0.0.1:${closed}: connection refused\n` });
    expect(JSON.parse(fs.readFileSync(path.join(m.env.DEVLOG_HOME, 'config.json'), 'utf8')).remotes.map((r: { name: string }) => r.name)).toEqual([other]);
  });

  it('guessing codes is rate-limited: after ten wrong ones even the right code is refused for a while', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const attacker = await machine('attacker');
    await signInWithToken(attacker, malloryToken);
    const victim = await machine('victim');
    const name = remoteName('victim');
    const login = startCli(['login', url, '--name', name], victim.env);
    try {
      const code = (await login.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
      // A burst of guesses at once (as a script would): ten are looked up, the rest refused unread.
      const approve = (guess: string) =>
        fetch(`${url}/v1/machines/approve`, { method: 'POST', headers: { authorization: `Bearer ${malloryToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ code: guess }) });
      const guesses = await Promise.all(Array.from({ length: 14 }, (_, i) => approve(`ABCD-E${'23456789ABCDEF'[i]}GH`)));
      const statuses = guesses.map((g) => g.status).sort();
      expect(statuses).toEqual([...Array(10).fill(404), ...Array(4).fill(429)]);
      expect((await approve(code)).status).toBe(429);
      const right = await attacker.devlog('machines', 'approve', code);
      expect(right.code).toBe(1);
      expect(right.stderr).toMatch(/^devlog: the server said: too many wrong codes; retry in \d+ s\n$/);
      // The victim did not become one of mallory's machines.
      expect(login.output()).not.toMatch(/^signed in to/m);
      expect(((await (await fetch(`${url}/v1/machines`, { headers: { authorization: `Bearer ${malloryToken}` } })).json()) as { machines: unknown[] }).machines).toEqual([]);
      expect(login.output()).not.toMatch(/^signed in to/m);
    } finally {
      await login.stop();
    }
  });

  it('goes through a running engine; without a server remote it says how to sign in', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const lone = await machine('lone');
    const none = await lone.devlog('machines', 'list');
    expect(none).toMatchObject({ code: 2, stderr: 'devlog: this machine is not signed in to a devlog server: run `devlog login URL` (or add one with `devlog remote add NAME URL --token-stdin`)\n' });

    const engine = await startIsolatedEngine(tempDir());
    try {
      const env = { DEVLOG_HOME: engine.home };
      // The engine's machine joins by code (its remote added through the engine), approved by a signed-in machine.
      const approver = await machine('approver');
      await signInWithToken(approver, adaToken);
      const name = remoteName('live');
      const joining = startCli(['login', url, '--name', name], env);
      const first = (await joining.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
      expect((await approver.devlog('machines', 'approve', first)).code).toBe(0);
      expect(await exitOf(joining)).toBe(0);
      expect((await runCli(['remote', 'list', '--json'], env)).stdout).toContain(`"name": "${name}"`);
      // The engine approves (the UI's path): the lone machine joins through it.
      const joinName = remoteName('lone');
      const login = startCli(['login', url, '--name', joinName], lone.env);
      const code = (await login.waitFor(/devlog machines approve ([A-Z0-9-]+)/))[1]!;
      const approved = await runCli(['machines', 'approve', code, '--remote', name, '--json'], env);
      expect(approved.code, approved.stderr).toBe(0);
      expect(JSON.parse(approved.stdout)).toMatchObject({ remote: name, url, user: 'ada', machine: { name: 'lone', current: false } });
      expect(await exitOf(login)).toBe(0);
      const listed = await runCli(['machines', 'list', '--json', '--remote', name], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject({ remote: name, url, machines: expect.arrayContaining([expect.objectContaining({ name: 'lone', lastSyncAt: null })]) });
      // The engine's own machine is the one whose token asks.
      expect(JSON.parse(listed.stdout).machines.filter((m: { current: boolean }) => m.current)).toEqual([expect.objectContaining({ name: os.hostname() })]);
      const ghost = await runCli(['machines', 'revoke', 'ghost'], env);
      expect(ghost.code).toBe(2);
      expect(ghost.stderr).toMatch(/^devlog: no machine named "ghost" \(your machines: .*lone.*\)\n$/);
    } finally {
      await engine.cli.stop();
    }
  });
});
