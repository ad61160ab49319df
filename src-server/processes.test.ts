import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage } from '../src-shared/sync-wire.js';
import { readPostmaster, isAlive } from './db/postmaster.js';
import { openStream, request } from './testing/http-client.js';
import { startTestPostgres, type TestPostgres } from './testing/postgres.js';
import { buildRunner, runCommand, spawnServe, type ServeProcess } from './testing/processes.js';
import { sessionBatch } from './testing/records.js';

let runner: { file: string; remove(): void };
beforeAll(async () => {
  runner = await buildRunner();
});
afterAll(() => runner?.remove());

async function createToken(env: Record<string, string | undefined>, extra: string[] = []): Promise<string> {
  const added = await runCommand(runner.file, ['server', 'user', 'add', 'ada', ...extra], env);
  expect(added.stderr).toBe('');
  expect(added).toMatchObject({ code: 0 });
  const created = await runCommand(runner.file, ['server', 'token', 'create', '--user', 'ada', '--label', 'laptop', '--json', ...extra], env);
  expect(created.code, created.stderr).toBe(0);
  return JSON.parse(created.stdout).token as string;
}

describe('two server processes on one PostgreSQL (DATABASE_URL)', () => {
  let pg: TestPostgres;
  const servers: ServeProcess[] = [];

  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await pg?.stop();
  });

  it('announces a change ingested through one to a client streaming from the other', async () => {
    const env = { DATABASE_URL: pg.url };
    // Both start together: the migration lock lets exactly one create the schema.
    servers.push(...(await Promise.all([spawnServe(runner.file, ['--port', '0'], env), spawnServe(runner.file, ['--port', '0'], env)])));
    const [first, second] = servers as [ServeProcess, ServeProcess];
    expect(first.output()).toContain('PostgreSQL at postgres://devlog:***@');
    const token = await createToken(env);

    const stream = await openStream(second.url, '/v1/stream?machine=desktop', token);
    try {
      await stream.waitFor((e) => e.event === 'ready');
      const res = await request(first.url, '/v1/ingest', { token, body: sessionBatch('s1', 'laptop') });
      expect(res.status).toBe(200);
      const change = await stream.waitFor((e) => e.event === 'change');
      expect(change.data).toEqual({ cursor: res.json.cursor, owner: 'ada', teams: [], machine: 'laptop' });
    } finally {
      stream.close();
    }
    const page = ChangesPage.parse((await request(second.url, '/v1/changes?machine=desktop', { token })).json);
    expect(page.changes).toHaveLength(5);
  });

  it('reports admin mistakes with exit code 2 and one line', async () => {
    const env = { DATABASE_URL: pg.url };
    const again = await runCommand(runner.file, ['server', 'user', 'add', 'ada'], env);
    expect(again).toMatchObject({ code: 2, stderr: 'devlog: user "ada" already exists\n' });
    const nobody = await runCommand(runner.file, ['server', 'token', 'create', '--user', 'nobody'], env);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/no user "nobody"/);
    expect((await runCommand(runner.file, ['server', 'token', 'revoke', '999'], env)).code).toBe(2);
    expect((await runCommand(runner.file, ['server', 'team', 'member', 'add', 'ghosts', 'ada'], env)).stderr).toMatch(/no team "ghosts"/);
    expect((await runCommand(runner.file, ['server', 'team', 'add', 'acme'], env)).code).toBe(0);
    expect((await runCommand(runner.file, ['server', 'team', 'member', 'add', 'acme', 'ada'], env)).stdout).toBe('ada is now a member of acme\n');
    expect(await runCommand(runner.file, ['server', 'team', 'member', 'remove', 'acme', 'ada'], env)).toMatchObject({ code: 0, stdout: 'ada is no longer a member of acme\n' });
    expect((await runCommand(runner.file, ['server', 'team', 'member', 'remove', 'acme', 'ada'], env)).stdout).toBe('ada was not a member of acme\n');
    expect((await runCommand(runner.file, ['server', 'team', 'member', 'remove', 'ghosts', 'ada'], env)).code).toBe(2);
    const both = await runCommand(runner.file, ['server', 'user', 'add', 'x', '--data', '/tmp/x'], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/both DATABASE_URL and --data/);
  });
});

describe('the embedded default: serve --data DIR', () => {
  let dir: string;
  let server: ServeProcess | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-serve-'));
    // mkdtemp makes a 0700 folder; as root the cluster runs as "postgres", which must get through.
    fs.chmodSync(dir, 0o711);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with no PostgreSQL installed, keeps data across a restart, and stops its PostgreSQL', async () => {
    const data = path.join(dir, 'data');
    server = await spawnServe(runner.file, ['--data', data, '--port', '0']);
    expect(server.output()).toContain(`embedded PostgreSQL in ${data}`);
    // Admin commands attach to the running cluster rather than start a second one.
    const token = await createToken({}, ['--data', data]);
    const res = await request(server.url, '/v1/ingest', { token, body: sessionBatch('kept', 'laptop') });
    expect(res.json).toMatchObject({ inserted: 5 });

    const pid = readPostmaster(path.join(data, 'postgres'))!.pid;
    await server.stop();
    server = undefined;
    expect(isAlive(pid)).toBe(false);

    server = await spawnServe(runner.file, ['--data', data, '--port', '0']);
    const page = ChangesPage.parse((await request(server.url, '/v1/changes', { token })).json);
    expect(page.changes.map((c) => c.id)).toContain('claude-code:kept');
    const detail = await request(server.url, '/v1/sessions/claude-code%3Akept', { token });
    expect(detail.json.messages).toHaveLength(2);
    await server.stop();
    server = undefined;

    // With no server running, an admin command starts the cluster, does its job and stops it.
    const revoked = await runCommand(runner.file, ['server', 'token', 'revoke', '1', '--data', data]);
    expect(revoked).toMatchObject({ code: 0, stdout: 'token 1 revoked\n' });
    expect(readPostmaster(path.join(data, 'postgres'))).toBeUndefined();
    server = await spawnServe(runner.file, ['--data', data, '--port', '0']);
    expect((await request(server.url, '/v1/me', { token })).status).toBe(401);
  });
});
