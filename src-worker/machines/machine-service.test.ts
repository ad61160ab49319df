import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineEntry } from '../../src-shared/contract/index.js';
import { ConfigSchema } from '../config/schema.js';
import { MemorySecretStore, secretAccount } from '../secrets/secret-store.js';
import { findMachine, MachineService } from './machine-service.js';

const entry = (id: string, name: string | null, revokedAt: string | null = null): MachineEntry => ({
  id,
  name,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSyncAt: null,
  revokedAt,
  current: false,
});

describe('findMachine: which machine a name means', () => {
  const machines = [entry('id-1', 'desk'), entry('id-2', 'Laptop'), entry('id-3', 'box', '2026-02-01T00:00:00.000Z'), entry('id-4', 'box'), entry('id-5', 'twin'), entry('id-6', 'twin')];

  it('takes an id, an exact name, a name in another case, and prefers a live machine to a revoked one', () => {
    expect(findMachine(machines, 'id-1').id).toBe('id-1');
    expect(findMachine(machines, 'desk').id).toBe('id-1');
    expect(findMachine(machines, 'laptop').id).toBe('id-2');
    expect(findMachine(machines, 'box').id).toBe('id-4');
  });

  it('names the machines there are when none matches, and asks for the id when several do', () => {
    expect(() => findMachine(machines, 'ghost')).toThrow('no machine named "ghost" (your machines: desk, Laptop, box, box, twin, twin)');
    expect(() => findMachine(machines, 'twin')).toThrow('several machines are named "twin" (ids id-5, id-6): give the id instead');
  });
});

describe('MachineService: the server remote it asks, and with which token', () => {
  /** A stand-in devlog server on loopback that records what it was asked. */
  let server: http.Server;
  let url: string;
  const asked: { url: string; authorization?: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      asked.push({ url: req.url ?? '', authorization: req.headers.authorization });
      if (req.url === '/v1/machines/approve') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>a web server, not devlog</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ machines: [entry('m-1', 'desk')] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const service = (remotes: unknown[], secrets = new MemorySecretStore(), env: NodeJS.ProcessEnv = {}) =>
    new MachineService({ config: ConfigSchema.parse({ remotes }), machineId: 'this-machine' }, secrets, env);

  it('uses the only server remote (folders do not count) with its keychain token, and says which machine asks', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set(secretAccount('home', 'token'), 'dvl_home');
    const listed = await service([{ name: 'nas', url: 'file:///mnt/nas' }, { name: 'home', url, token: 'keychain' }], secrets).list({});
    expect(listed).toEqual({ remote: 'home', url, machines: [entry('m-1', 'desk')] });
    expect(asked.at(-1)).toEqual({ url: '/v1/machines?machine=this-machine', authorization: 'Bearer dvl_home' });
  });

  it('takes the token from the environment when the remote says ${VAR}', async () => {
    await service([{ name: 'ci', url, token: '${CI_TOKEN}' }], new MemorySecretStore(), { CI_TOKEN: 'dvl_env' }).list(undefined);
    expect(asked.at(-1)?.authorization).toBe('Bearer dvl_env');
  });

  it('says so when the URL answers, but not as a devlog server does', async () => {
    await expect(service([{ name: 'web', url, token: '${T}' }], new MemorySecretStore(), { T: 'x' }).approve({ code: 'ABCD-EFGH' })).rejects.toThrow(
      `${url} answered POST /v1/machines/approve, but not as a devlog server does: is this the right URL?`,
    );
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(service([{ name: 'gone', url: `http://127.0.0.1:${port}`, token: '${T}' }], new MemorySecretStore(), { T: 'x' }).list({})).rejects.toThrow(
      `cannot reach http://127.0.0.1:${port}: connection refused`,
    );
  });

  it('says in words what is missing before asking any server', async () => {
    const before = asked.length;
    await expect(service([]).list({})).rejects.toThrow('this machine is not signed in to a devlog server: run `devlog login URL`');
    await expect(service([{ name: 'a', url }, { name: 'b', url }]).list({})).rejects.toThrow('several devlog server remotes (a, b): choose one with --remote NAME');
    await expect(service([{ name: 'nas', url: 'file:///mnt/nas' }]).list({ remote: 'nas' })).rejects.toThrow('remote "nas" is a folder; machines sign in to a devlog server');
    await expect(service([{ name: 'a', url }]).list({ remote: 'b' })).rejects.toThrow('no remote named "b"');
    await expect(service([{ name: 'a', url }]).list({})).rejects.toThrow('remote "a" has no token: sign in with `devlog login');
    await expect(service([{ name: 'a', url, token: 'keychain' }]).list({})).rejects.toThrow('remote "a": its token should be in the OS keychain but is not there');
    await expect(service([{ name: 'a', url }]).approve({ code: '' })).rejects.toThrow('machines.approve: field code: empty code');
    await expect(service([{ name: 'a', url }]).revoke({ machine: 'x', extra: 1 })).rejects.toThrow('machines.revoke: field extra: unknown field');
    expect(asked.length).toBe(before);
  });
});
