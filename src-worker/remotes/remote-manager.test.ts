import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DevlogError } from '../../src-shared/errors.js';
import { FolderSink } from '../export/folder/folder-sink.js';
import { sampleBatch } from '../export/folder/test-support.js';
import { rec, TestStore } from '../query/test-store.js';
import { KeychainSecretStore } from '../secrets/keychain-secret-store.js';
import { MemorySecretStore, secretAccount } from '../secrets/secret-store.js';
import { RemoteManager } from './remote-manager.js';

const stores: TestStore[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.dispose();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function setup(env: NodeJS.ProcessEnv = {}) {
  const store = new TestStore();
  stores.push(store);
  const secrets = new MemorySecretStore();
  return { store, secrets, manager: new RemoteManager(store.engine, secrets, env), configText: () => fs.readFileSync(store.engine.paths.config, 'utf8') };
}

/** A loopback HTTP server answering every request with `handler`; its base URL. */
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(p: Promise<unknown>): Promise<DevlogError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DevlogError);
  return err as DevlogError;
}

describe('RemoteManager', () => {
  it('keeps a token given as a value in the secret store and writes only "keychain" to config.json', async () => {
    const { manager, secrets, configText } = setup();
    const added = await manager.add({ name: 'team', url: 'https://devlog.example.com', include: ['~/work/**'], auto: true, tokenValue: 'dlg_live_8f3a' });
    expect(added).toMatchObject({ name: 'team', token: 'keychain', include: ['~/work/**'], auto: true, redact: true, intervalSeconds: 30 });
    expect(configText()).not.toContain('dlg_live_8f3a');
    expect(JSON.parse(configText()).remotes[0]).toMatchObject({ name: 'team', token: 'keychain' });
    expect(await secrets.get(secretAccount('team', 'token'))).toBe('dlg_live_8f3a');
    expect(manager.list()).toEqual([added]);

    // Edit: a new token replaces the stored one; moving it to an environment variable drops it.
    await manager.edit({ name: 'team', tokenValue: 'dlg_live_new', exclude: ['~/work/secret'] });
    expect(await secrets.get(secretAccount('team', 'token'))).toBe('dlg_live_new');
    expect(manager.list()[0]).toMatchObject({ include: ['~/work/**'], exclude: ['~/work/secret'], token: 'keychain' });
    await manager.edit({ name: 'team', token: '${TEAM_TOKEN}' });
    expect(manager.list()[0]!.token).toBe('${TEAM_TOKEN}');
    expect(await secrets.get(secretAccount('team', 'token'))).toBeUndefined();
    expect(configText()).not.toContain('dlg_live');

    await manager.edit({ name: 'team', tokenValue: 'dlg_again' });
    expect(await manager.remove('team')).toEqual({ removed: true });
    expect(await secrets.get(secretAccount('team', 'token'))).toBeUndefined();
    expect(manager.list()).toEqual([]);
    expect(await manager.remove('team')).toEqual({ removed: false });
  });

  it('removes a remote even when its keychain is gone, saying its secret could not be deleted; --token-env replaces it there', async () => {
    const { manager, store, configText } = setup();
    await manager.add({ name: 'team', url: 'https://devlog.example.com', tokenValue: 'dlg_1' });
    await manager.add({ name: 'other', url: 'https://devlog.example.com', tokenValue: 'dlg_2' });
    const require = createRequire(import.meta.url);
    const broken = new RemoteManager(store.engine, new KeychainSecretStore(() => require('/nonexistent/node_modules/keytar') as never), {});
    expect(await broken.edit({ name: 'other', token: '${OTHER_TOKEN}' })).toMatchObject({ token: '${OTHER_TOKEN}' });
    const removed = await broken.remove('team');
    expect(removed.removed).toBe(true);
    expect(removed.problem).toMatch(/^its secrets could not be deleted from the keychain: the OS keychain is not available \(keytar is not installed/);
    expect(JSON.parse(configText()).remotes.map((r: { name: string }) => r.name)).toEqual(['other']);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { manager, configText, secrets } = setup();
    await manager.add({ name: 'nas', url: 'file:///mnt/nas/devlog', passphraseValue: 'correct horse' });
    const before = configText();
    const cases: [unknown, RegExp][] = [
      [{ name: 'bad name!', url: 'https://x.example' }, /field name: letters, digits/],
      [{ name: 'x', url: 'ftp://x.example' }, /field url: expected a devlog server/],
      [{ name: 'x', url: 'https://ada:pw@x.example' }, /field url: .*without a user or password/],
      [{ name: 'x', url: 'https://x.example', token: 'dlg_plaintext' }, /field token: expected "\$\{ENV_VAR\}"/],
      [{ name: 'x', url: 'https://x.example', token: '${T}', tokenValue: 'v' }, /field token: give the token either as a value/],
      [{ name: 'x', url: 'https://x.example', agents: ['vim'] }, /field agents.0/],
      [{ name: 'x', url: 'https://x.example', include: ['{' + 'a,'.repeat(80) + 'b}'] }, /field include.0: not a usable glob/],
      [{ name: 'x', url: 'https://x.example', intervalSeconds: 1 }, /field intervalSeconds/],
      [{ name: 'x', url: 'https://x.example', colour: 'red' }, /field colour: unknown field/],
      [{ name: 'x', url: 'https://x.example', passphraseValue: 'p' }, /a devlog server takes a token, not a passphrase/],
      [{ name: 'x', url: 'file:///tmp/x', tokenValue: 't' }, /a folder remote takes no token/],
      [{ name: 'nas', url: 'file:///elsewhere' }, /remote "nas" already exists/],
    ];
    for (const [params, message] of cases) {
      const err = await failure(manager.add(params));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toMatch(message);
    }
    expect((await failure(manager.edit({ name: 'ghost', auto: true }))).message).toBe('no remote named "ghost" (devlog remote list shows them)');
    expect((await failure(manager.test('ghost'))).code).toBe('NOT_FOUND');
    expect(configText()).toBe(before);
    expect(await secrets.get(secretAccount('x', 'token'))).toBeUndefined();
  });

  it('tests a server: who the token belongs to, a refused token in words, an unreachable or foreign server', async () => {
    const { manager, store } = setup({ ENV_TOKEN: 'env-token' });
    store.commit('claude-code', 'a.jsonl', { sessions: [rec.session('w1', { workspace: path.join(os.homedir(), 'work/api') }), rec.session('w2', { workspace: path.join(os.homedir(), 'work/api') })] });
    store.commit('codex', 'b.jsonl', { sessions: [rec.session('w3', { workspace: path.join(os.homedir(), 'work/web') }), rec.session('p1', { workspace: path.join(os.homedir(), 'play') })] });
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url !== '/v1/me') {
        res.writeHead(404).end();
        return;
      }
      const ok = req.headers.authorization === 'Bearer good-token' || req.headers.authorization === 'Bearer env-token';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { user: 'ada', tokenId: 1, teams: [] } : { error: { code: 'UNAUTHORIZED', message: 'unknown or revoked token' } }));
    });
    const tested: string[] = [];
    manager.onTested((name) => tested.push(name));

    await manager.add({ name: 'work', url, include: ['~/work'], tokenValue: 'good-token' });
    expect(await manager.test('work')).toEqual({
      name: 'work', reachable: true, authenticatedAs: 'ada', problem: null, matchingSessions: 3,
      workspaces: [{ workspace: path.join(os.homedir(), 'work/api'), sessions: 2 }, { workspace: path.join(os.homedir(), 'work/web'), sessions: 1 }],
    });
    expect(tested).toEqual(['work']);

    await manager.edit({ name: 'work', tokenValue: 'wrong-token', agents: ['codex'] });
    const refused = await manager.test('work');
    expect(refused).toMatchObject({ reachable: true, authenticatedAs: null, matchingSessions: 1 });
    expect(tested).toEqual(['work']); // a failed test does not wake a stopped exporter
    expect(refused.problem).toBe('the server refused the token (401: unknown or revoked token): create a new one with `devlog server token create` and set it with `devlog remote edit work --token-stdin`');

    await manager.add({ name: 'env', url: `${url}/`, token: '${ENV_TOKEN}' });
    expect(await manager.test('env')).toMatchObject({ authenticatedAs: 'ada', problem: null, matchingSessions: 4 });
    await manager.add({ name: 'unset', url, token: '${NOT_SET}' });
    expect((await manager.test('unset')).problem).toMatch(/remote "unset": its token comes from the environment variable NOT_SET, which is not set/);
    expect(seen).not.toContain('Bearer undefined');

    const garbage = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>parked domain</html>'));
    await manager.add({ name: 'parked', url: garbage, tokenValue: 't' });
    expect((await manager.test('parked')).problem).toMatch(/answered GET \/v1\/me, but not as a devlog server does/);

    const redirecting = await serve((_req, res) => res.writeHead(301, { location: 'https://elsewhere.example/v1/me' }).end());
    await manager.add({ name: 'moved', url: redirecting, tokenValue: 't' });
    expect((await manager.test('moved')).problem).toMatch(/redirects to https:\/\/elsewhere.example\/v1\/me/);

    const closed = await serve(() => undefined);
    servers.pop()!.close();
    await manager.add({ name: 'down', url: closed, tokenValue: 't' });
    expect(await manager.test('down')).toMatchObject({ reachable: false, authenticatedAs: null, problem: `cannot reach ${closed}: connection refused` });
  });

  it('tests a folder: writable, missing (offline), not a folder, a wrong passphrase, an unset passphrase variable', async () => {
    const { manager, store } = setup();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-folder-remote-'));
    try {
      await manager.add({ name: 'nas', url: pathToFileURL(dir).href, passphraseValue: 'correct horse' });
      expect(await manager.test('nas')).toMatchObject({ reachable: true, problem: null, authenticatedAs: null, matchingSessions: 0 });

      // What this machine wrote there with another passphrase: the test says so before any export.
      const other = fs.mkdtempSync(path.join(dir, 'other-'));
      const machineId = store.engine.machineId;
      await new FolderSink({ folder: other, machineId, passphrase: 'battery staple' }).send(sampleBatch(machineId, 'x'), new AbortController().signal);
      await manager.add({ name: 'wrong', url: pathToFileURL(other).href, passphraseValue: 'correct horse' });
      expect(await manager.test('wrong')).toMatchObject({ reachable: true, problem: expect.stringMatching(/the passphrase does not open .*: it was written with another one/) });

      await manager.add({ name: 'gone', url: pathToFileURL(path.join(dir, 'not-mounted')).href });
      expect(await manager.test('gone')).toMatchObject({ reachable: false, problem: expect.stringMatching(/not-mounted does not exist .*is the folder's disk or share mounted\?/) });

      fs.writeFileSync(path.join(dir, 'file'), 'x');
      await manager.add({ name: 'file', url: pathToFileURL(path.join(dir, 'file')).href });
      expect((await manager.test('file')).problem).toBe(`${dir}/file is not a folder`);

      await manager.add({ name: 'nopass', url: pathToFileURL(dir).href, passphrase: '${NO_PASSPHRASE}' });
      expect((await manager.test('nopass')).problem).toMatch(/its passphrase comes from the environment variable NO_PASSPHRASE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
