import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../src-worker/secrets/keychain-secret-store.js';
import { secretAccount } from '../src-worker/secrets/secret-store.js';
import { REPO_ROOT, runCli, startCli, type RunningCli } from '../src-worker/testing/cli-process.js';
import { startIsolatedEngine } from '../src-worker/testing/isolated-engine.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const NEEDS_KEYRING =
  "this test needs a Secret Service: apt-get install gnome-keyring dbus, then run it as dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run ...' (CI does)";

/** `devlog ARGS` with `input` on stdin (how --token-stdin is fed). */
const devlog = (args: string[], env: Record<string, string>, input = '') => runCli(args, env, input);

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

const uniqueName = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

describe('devlog remote against a real devlog serve', () => {
  const tempDir = useTempHome('devlog-remote-cli-');
  let serverDir: string;
  let server: RunningCli;
  let serverUrl: string;
  let token: string;

  beforeAll(async () => {
    serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-remote-serve-'));
    // As root the embedded cluster runs as "postgres", which must get through the 0700 folder.
    fs.chmodSync(serverDir, 0o711);
    const data = path.join(serverDir, 'data');
    server = startCli(['serve', '--data', data, '--port', '0'], {});
    serverUrl = (await server.waitFor(/listening on (http:\/\/\S+)/, 120_000))[1]!;
    const user = await runCli(['server', 'user', 'add', 'ada', '--data', data], {});
    expect(user.code, user.stderr).toBe(0);
    const created = await runCli(['server', 'token', 'create', '--user', 'ada', '--label', 'laptop', '--json', '--data', data], {});
    expect(created.code, created.stderr).toBe(0);
    token = JSON.parse(created.stdout).token as string;
  });
  afterAll(async () => {
    await server?.stop();
    if (serverDir) fs.rmSync(serverDir, { recursive: true, force: true });
  });

  /** A DEVLOG_HOME and HOME of its own, with three collected sessions: two in ~/work/api, one in ~/play. */
  async function machine() {
    const dir = tempDir();
    const userHome = path.join(dir, 'user');
    const project = path.join(dir, 'claude', 'projects', 'p');
    fs.mkdirSync(project, { recursive: true });
    for (const [id, cwd] of [['s1', 'work/api'], ['s2', 'work/api'], ['s3', 'play']] as const) {
      const line = { type: 'user', sessionId: id, uuid: `${id}-u1`, cwd: path.join(userHome, cwd), timestamp: '2026-01-02T03:04:05.000Z', message: { role: 'user', content: 'hello' } };
      fs.writeFileSync(path.join(project, `${id}.jsonl`), JSON.stringify(line) + '\n');
    }
    fs.mkdirSync(userHome, { recursive: true });
    const env = { DEVLOG_HOME: path.join(dir, 'devlog'), HOME: userHome, USERPROFILE: userHome };
    const collected = await runCli(['collect', '--json', '--root', `claude-code=${path.join(dir, 'claude')}`], env);
    expect(JSON.parse(collected.stdout)).toMatchObject({ sessions: 3 });
    // No config.json yet is no remotes: nothing was ever added.
    const config = () => (fs.existsSync(path.join(env.DEVLOG_HOME, 'config.json')) ? JSON.parse(fs.readFileSync(path.join(env.DEVLOG_HOME, 'config.json'), 'utf8')) : { remotes: [] }) as { remotes: Record<string, unknown>[] };
    return { dir, userHome, env, config };
  }

  it('remote add --token-stdin keeps the token in the OS keychain only; remote test authenticates with it and says when it is wrong', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const { env, userHome, config } = await machine();
    const name = uniqueName('team');
    const keychain = new KeychainSecretStore();
    try {
      const added = await devlog(['remote', 'add', name, serverUrl, '--token-stdin', '--include', '~/work/**', '--auto', '--interval', '5m'], env, `${token}\n`);
      expect(added.stderr).toBe('');
      expect(added).toMatchObject({ code: 0, stdout: `added remote ${name} (server ${serverUrl}, token: OS keychain)\n` });
      expect(config().remotes).toEqual([expect.objectContaining({ name, url: serverUrl, token: 'keychain', include: ['~/work/**'], auto: true, intervalSeconds: 300 })]);
      expect(filesContaining(env.DEVLOG_HOME, token)).toEqual([]);
      expect(await keychain.get(secretAccount(name, 'token'))).toBe(token);

      const tested = await devlog(['remote', 'test', name, '--json'], env);
      expect(tested.code, tested.stderr).toBe(0);
      expect(JSON.parse(tested.stdout)).toEqual({
        name, reachable: true, authenticatedAs: 'ada', problem: null, matchingSessions: 2,
        workspaces: [{ workspace: path.join(userHome, 'work/api'), sessions: 2 }],
      });
      const text = await devlog(['remote', 'test', name], env);
      expect(text.stdout).toBe(`${name}: reachable, authenticated as ada\nrouting matches 2 local sessions:\n       2  ~/work/api\n`);

      // The exporter finds the token where remote add put it: `devlog export` (no engine) sends with it.
      const exported = await devlog(['export', '--remote', name, '--json'], env);
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout).remotes).toEqual([expect.objectContaining({ name, state: 'synced', lastError: null })]);
      const onServer = (await (await fetch(`${serverUrl}/v1/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as { sessions: { workspace: string | null }[] };
      expect(onServer.sessions.map((s) => s.workspace)).toEqual([path.join(userHome, 'work/api'), path.join(userHome, 'work/api')]);

      const edited = await devlog(['remote', 'edit', name, '--token-stdin'], env, 'dlg_not-a-real-token\n');
      expect(edited.code, edited.stderr).toBe(0);
      const refused = await devlog(['remote', 'test', name], env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('problem: the server refused the token (401: unknown or revoked token)');
      expect(filesContaining(env.DEVLOG_HOME, 'dlg_not-a-real-token')).toEqual([]);

      const listed = await devlog(['remote', 'list', '--json'], env);
      expect(JSON.parse(listed.stdout).remotes).toEqual([expect.objectContaining({ name, token: 'keychain' })]);

      const removed = await devlog(['remote', 'remove', name], env);
      expect(removed).toMatchObject({ code: 0, stdout: `removed remote ${name} and its stored secrets\n` });
      expect(await keychain.get(secretAccount(name, 'token'))).toBeUndefined();
      expect(config().remotes).toEqual([]);
    } finally {
      await keychain.delete(secretAccount(name, 'token'));
    }
  });

  it('goes through the running engine, which holds the data folder', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error(NEEDS_KEYRING);
    const engine = await startIsolatedEngine(tempDir());
    const env = { DEVLOG_HOME: engine.home };
    const name = uniqueName('live');
    try {
      const added = await devlog(['remote', 'add', name, serverUrl, '--token-stdin'], env, token);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(engine.home, 'config.json'), 'utf8')).remotes[0]).toMatchObject({ name, token: 'keychain' });
      const tested = await devlog(['remote', 'test', name, '--json'], env);
      expect(JSON.parse(tested.stdout)).toMatchObject({ reachable: true, authenticatedAs: 'ada', matchingSessions: 0 });
      expect((await devlog(['remote', 'remove', name], env)).code).toBe(0);
      expect(await new KeychainSecretStore().get(secretAccount(name, 'token'))).toBeUndefined();
    } finally {
      await new KeychainSecretStore().delete(secretAccount(name, 'token'));
      await engine.cli.stop();
    }
  });

  it('without keytar or a Secret Service: one line saying what to install, nothing added; --token-env works there', async () => {
    const { env, dir, config } = await machine();
    // A native-modules folder with better-sqlite3 and no keytar: an install where keytar did not build.
    const native = path.join(dir, 'native', 'node_modules');
    fs.mkdirSync(native, { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3'), path.join(native, 'better-sqlite3'));
    const noKeytar = { ...env, DEVLOG_NATIVE_DIR: path.dirname(native) };

    const missing = await devlog(['remote', 'add', 'team', serverUrl, '--token-stdin'], noKeytar, token);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^devlog: the OS keychain is not available \(keytar is not installed \(its build needs libsecret-1\)\): .*apt-get install libsecret-1-0 gnome-keyring.* --token-env VAR.*\n$/);
    expect(missing.stderr.split('\n')).toHaveLength(2);

    const noService = await devlog(['remote', 'add', 'team', serverUrl, '--token-stdin'], { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' }, token);
    expect(noService.code).toBe(1);
    expect(noService.stderr).toMatch(/^devlog: the OS keychain is not available \(no Secret Service on the session D-Bus: .*\): .*--token-env VAR.*\n$/);
    expect(config().remotes).toEqual([]);
    expect(filesContaining(env.DEVLOG_HOME, token)).toEqual([]);

    const byEnv = await devlog(['remote', 'add', 'team', serverUrl, '--token-env', 'TEAM_TOKEN'], noKeytar);
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(config().remotes[0]).toMatchObject({ name: 'team', token: '${TEAM_TOKEN}' });
    const tested = await devlog(['remote', 'test', 'team', '--json'], { ...noKeytar, TEAM_TOKEN: token });
    expect(JSON.parse(tested.stdout)).toMatchObject({ authenticatedAs: 'ada', problem: null, matchingSessions: 3 });
    expect((await devlog(['remote', 'remove', 'team'], noKeytar)).code).toBe(0);
  });

  it('usage errors are one line and exit 2', async () => {
    const { env } = await machine();
    const cases: [string[], string, RegExp][] = [
      [['remote', 'add', 'x', 'ftp://host'], '', /field url: expected a devlog server/],
      [['remote', 'add', 'bad name', serverUrl], '', /field name: letters, digits/],
      [['remote', 'add', 'x', serverUrl, '--token-stdin', '--token-env', 'T'], 't', /--token-stdin and --token-env: give the token one way/],
      [['remote', 'add', 'x', serverUrl, '--token-stdin'], '\n', /--token-stdin: nothing on stdin/],
      [['remote', 'add', 'x', serverUrl, '--agent', 'vim'], '', /unknown agent "vim"/],
      [['remote', 'add', 'x', serverUrl, '--interval', 'soon'], '', /expected a duration like 30s/],
      [['remote', 'add', 'x', 'file:///tmp/x', '--token-env', 'T'], '', /a folder remote takes no token/],
      [['remote', 'test', 'ghost'], '', /no remote named "ghost"/],
      [['remote', 'remove', 'ghost'], '', /no remote named "ghost"/],
      [['remote', 'edit', 'ghost'], '', /remote edit: nothing to change/],
    ];
    for (const [args, input, message] of cases) {
      const out = await devlog(args, env, input);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(2);
      expect(out.stderr).toMatch(message);
      expect(out.stderr.trimEnd().split('\n'), out.stderr).toHaveLength(1);
      expect(out.stdout).toBe('');
    }
  });
});
