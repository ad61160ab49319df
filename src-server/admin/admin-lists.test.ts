import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPollResult, LoginStarted } from '../../src-shared/sync-wire.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { request } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { buildRunner, runCommand } from '../testing/processes.js';

describe('devlog server user|team|token list, team member remove (real processes, real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let runner: { file: string; remove(): void };
  const env = () => ({ DATABASE_URL: pg.url });
  const devlog = async (...args: string[]) => {
    const out = await runCommand(runner.file, ['server', ...args], env());
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    return out.stdout;
  };

  beforeAll(async () => {
    [pg, runner] = await Promise.all([startTestPostgres(), buildRunner()]);
    app = await startTestApp(pg);
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
    runner?.remove();
  });

  it('lists users, teams, members and tokens without ever printing a token; removes a member', async () => {
    expect(await devlog('user', 'list')).toBe('no users (add one with `devlog server user add NAME`)\n');
    await devlog('user', 'add', 'ada');
    await devlog('user', 'add', 'bob');
    await devlog('team', 'add', 'acme');
    await devlog('team', 'member', 'add', 'acme', 'ada');
    await devlog('team', 'member', 'add', 'acme', 'bob');
    const secret = JSON.parse(await devlog('token', 'create', '--user', 'ada', '--label', 'ci', '--json')).token as string;

    // ada's desk joins with a code, so it has a token of its own.
    const started = LoginStarted.parse((await request(app.url, '/v1/login', { body: { machineId: 'desk-id', machineName: 'desk' } })).json);
    expect((await request(app.url, '/v1/machines/approve', { token: secret, body: { code: started.code } })).status).toBe(200);
    const login = LoginPollResult.parse((await request(app.url, '/v1/login/poll', { body: { pollSecret: started.pollSecret } })).json) as { token: string };

    const users = JSON.parse(await devlog('user', 'list', '--json')).users;
    expect(users).toEqual([
      expect.objectContaining({ name: 'ada', tokens: 2, machines: 1, teams: ['acme'] }),
      expect.objectContaining({ name: 'bob', tokens: 0, machines: 0, teams: ['acme'] }),
    ]);
    const text = (await devlog('user', 'list')).split('\n');
    expect(text[0]).toMatch(/^USER\s+TOKENS\s+MACHINES\s+TEAMS\s+ADDED$/);
    expect(text[1]).toMatch(/^ada\s+2\s+1\s+acme\s+\d{4}-\d\d-\d\d \d\d:\d\d$/);

    const tokens = await devlog('token', 'list', '--json');
    expect(JSON.parse(tokens).tokens).toEqual([
      expect.objectContaining({ id: 1, user: 'ada', label: 'ci', machine: null, revokedAt: null }),
      expect.objectContaining({ id: 2, user: 'ada', label: 'machine desk', machine: 'desk', revokedAt: null }),
    ]);
    const tokenText = await devlog('token', 'list', '--user', 'ada');
    for (const out of [tokens, tokenText]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(login.token);
      expect(out).not.toContain(secret.slice(4, 20));
    }
    expect(tokenText.split('\n')[2]).toMatch(/^2\s+ada\s+machine desk\s+desk\s+/);
    expect(await devlog('token', 'list', '--user', 'bob')).toBe('no tokens\n');
    const unknown = await runCommand(runner.file, ['server', 'token', 'list', '--user', 'carol'], env());
    expect(unknown).toMatchObject({ code: 2, stderr: 'devlog: no user "carol" (add it with `devlog server user add carol`)\n' });

    expect(JSON.parse(await devlog('team', 'list', '--json')).teams).toEqual([expect.objectContaining({ name: 'acme', members: 2 })]);
    expect(JSON.parse(await devlog('team', 'member', 'list', 'acme', '--json')).members.map((m: { user: string }) => m.user)).toEqual(['ada', 'bob']);
    expect(await devlog('team', 'member', 'remove', 'acme', 'bob')).toBe('bob is no longer a member of acme\n');
    const members = (await devlog('team', 'member', 'list', 'acme')).split('\n');
    expect(members.slice(0, 2).map((l) => l.split(/\s+/)[0])).toEqual(['USER', 'ada']);
    expect(members).toHaveLength(3); // header, ada, and the final newline
  });
});
