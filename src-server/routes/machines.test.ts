import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginPollResult, LoginStarted, MachinesList } from '../../src-shared/sync-wire.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { openStream, request } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { sessionBatch } from '../testing/records.js';

describe('machines: login with a code, approval, per-machine tokens, revocation (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let ada: string;
  let bob: string;

  beforeAll(async () => {
    pg = await startTestPostgres();
    // A small budget of wrong codes, so the brute-force test reaches it quickly.
    app = await startTestApp(pg, { heartbeatMs: 60_000, approveFailures: { burst: 5, perMinute: 1 } });
    ada = await app.user('ada');
    bob = await app.user('bob');
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  const start = async (machineId: string, machineName: string, localAddress?: string) => {
    const reply = await request(app.url, '/v1/login', { body: { machineId, machineName }, localAddress });
    expect(reply.status, reply.text).toBe(200);
    return LoginStarted.parse(reply.json);
  };
  const poll = (pollSecret: string) => request(app.url, '/v1/login/poll', { body: { pollSecret } });
  const approve = (token: string, code: string) => request(app.url, '/v1/machines/approve', { token, body: { code } });
  const machines = async (token: string) => MachinesList.parse((await request(app.url, '/v1/machines', { token })).json).machines;

  it('gives a new machine its own token once, after a signed-in machine approves its code', async () => {
    const started = await start('desk-id', 'desk');
    expect(started.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(Date.parse(started.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(LoginPollResult.parse((await poll(started.pollSecret)).json)).toMatchObject({ status: 'pending' });

    // Typed as people type it: lower case, no dash.
    const approved = await approve(ada, started.code.replace('-', '').toLowerCase());
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json).toMatchObject({ user: 'ada', machine: { id: 'desk-id', name: 'desk', lastSyncAt: null, revokedAt: null, current: false } });

    const collected = LoginPollResult.parse((await poll(started.pollSecret)).json);
    if (collected.status !== 'approved') throw new Error(`expected approved, got ${collected.status}`);
    expect(collected).toMatchObject({ user: 'ada', machineId: 'desk-id', machineName: 'desk' });
    expect(collected.token).toMatch(/^dvl_/);
    const again = await poll(started.pollSecret);
    expect(again.status).toBe(404); // handed out once
    expect(again.json.error.message).toMatch(/collected already/);
    const tokenRows = await app.pool.query('SELECT token_hash FROM tokens WHERE machine_id = $1', ['desk-id']);
    expect(tokenRows.rows).toHaveLength(1);
    expect(tokenRows.rows[0].token_hash.toString()).not.toContain(collected.token);

    // The new token acts as ada, for this machine only.
    expect((await request(app.url, '/v1/me', { token: collected.token })).json).toMatchObject({ user: 'ada' });
    const foreign = await request(app.url, '/v1/ingest', { token: collected.token, body: sessionBatch('x1', 'laptop-id') });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.message).toBe('this token belongs to machine desk-id, not laptop-id');
    expect((await request(app.url, '/v1/ingest', { token: collected.token, body: sessionBatch('d1', 'desk-id') })).status).toBe(200);

    const listed = await machines(collected.token);
    expect(listed).toEqual([expect.objectContaining({ id: 'desk-id', name: 'desk', revokedAt: null, current: true })]);
    expect(Date.parse(listed[0]!.lastSyncAt!)).toBeGreaterThan(Date.now() - 60_000);
    // A token not bound to a machine says which machine asks.
    const byAdmin = MachinesList.parse((await request(app.url, '/v1/machines?machine=desk-id', { token: ada })).json).machines;
    expect(byAdmin.map((m) => [m.id, m.current])).toEqual([['desk-id', true]]);
    expect((await machines(ada)).map((m) => m.current)).toEqual([false]);
    // Another user's list does not show it.
    expect(await machines(bob)).toEqual([]);
  });

  it('says in words when a code is wrong, expired or used, and an expired request tells its poller', async () => {
    const wrong = await approve(bob, 'ZZZZ-ZZZZ');
    expect(wrong.status).toBe(404);
    expect(wrong.json.error).toEqual({ code: 'NOT_FOUND', field: 'code', message: 'no sign-in is waiting for code ZZZZ-ZZZZ: check the code `devlog login` shows on the new machine' });

    const late = await start('late-id', 'late');
    await app.pool.query(`UPDATE login_requests SET expires_at = now() - interval '1 second' WHERE machine_id = 'late-id'`); // ten minutes pass
    const expired = await approve(bob, late.code);
    expect(expired.status).toBe(404);
    expect(expired.json.error.message).toBe(`code ${late.code} expired (codes last 10 minutes): run \`devlog login\` on the new machine again`);
    expect((await poll(late.pollSecret)).json).toEqual({ status: 'expired' });

    const twice = await start('twice-id', 'twice');
    expect((await approve(bob, twice.code)).status).toBe(200);
    const used = await approve(bob, twice.code);
    expect(used.json.error.message).toBe(`code ${twice.code} was approved already`);

    const bad = await request(app.url, '/v1/login', { body: { machineId: 'x', machineName: 'a\nb' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('machineName');
  });

  it('cuts a revoked machine off at once, with the reason, until it is approved again', async () => {
    const started = await start('old-id', 'old-laptop');
    expect((await approve(ada, started.code)).status).toBe(200);
    const { token } = LoginPollResult.parse((await poll(started.pollSecret)).json) as { token: string };
    const stream = await openStream(app.url, '/v1/stream', token);
    await stream.waitFor((e) => e.event === 'ready');

    const revoked = await request(app.url, '/v1/machines/old-id/revoke', { token: ada, method: 'POST' });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json).toMatchObject({ machine: { id: 'old-id', name: 'old-laptop' }, tokensRevoked: 1 });
    expect(revoked.json.machine.revokedAt).not.toBeNull();
    await stream.waitFor((e) => e.event === 'revoked'); // not at the next heartbeat (a minute away)
    await stream.ended;

    const refused = await request(app.url, '/v1/me', { token });
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/^this machine \("old-laptop"\) was revoked on \d{4}-\d\d-\d\dT.*: to let it in again, run `devlog login URL` on it/);
    // Its id is refused whichever token sends for it.
    const viaAdmin = await request(app.url, '/v1/ingest', { token: ada, body: sessionBatch('o1', 'old-id') });
    expect(viaAdmin.status).toBe(403);
    expect(viaAdmin.json.error.message).toMatch(/^machine old-id was revoked on /);
    expect((await machines(ada)).find((m) => m.id === 'old-id')?.revokedAt).not.toBeNull();
    expect((await request(app.url, '/v1/machines/nope/revoke', { token: ada, method: 'POST' })).status).toBe(404);

    // Approved again, it gets a new token; the old one stays dead.
    const back = await start('old-id', 'old-laptop');
    expect((await approve(ada, back.code)).status).toBe(200);
    const fresh = LoginPollResult.parse((await poll(back.pollSecret)).json) as { token: string };
    expect((await request(app.url, '/v1/me', { token: fresh.token })).status).toBe(200);
    expect((await request(app.url, '/v1/me', { token })).json.error.message).toBe('unknown or revoked token');
  });

  it('rate-limits guessing codes per user: past the budget even the right code waits', async () => {
    const mallory = await app.user('mallory');
    const victim = await start('victim-id', 'victim');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await approve(mallory, `AAAA-AA${'23456789'[i]}A`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await approve(mallory, victim.code);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json.error.message).toMatch(/^too many wrong codes; retry in \d+ s$/);
    expect((await poll(victim.pollSecret)).json).toMatchObject({ status: 'pending' }); // nobody got it
    // Another user's budget is their own: ada approves her machine.
    expect((await approve(ada, victim.code)).status).toBe(200);
  });

  it('answers hostile input to the new endpoints with 4xx in words, never an internal error', async () => {
    const cases: [string, Parameters<typeof request>[2], number, string | undefined][] = [
      ['/v1/login', { body: '{"machineId":' }, 400, undefined],
      ['/v1/login', { body: { machineId: 'a', machineName: 'b', admin: true } }, 400, 'admin'],
      ['/v1/login', { body: { machineId: 'a\u0000b', machineName: 'b' } }, 400, undefined],
      ['/v1/login', { body: { machineId: 'a', machineName: 'x'.repeat(5000) } }, 413, undefined],
      ['/v1/login', { body: { machineId: 'a', machineName: 'b' }, headers: { 'content-type': 'text/plain' } }, 415, undefined],
      ['/v1/login/poll', { body: { pollSecret: 42 } }, 400, 'pollSecret'],
      ['/v1/login/poll', { body: { pollSecret: "' OR 1=1 --" } }, 404, undefined],
      ['/v1/machines/approve', { token: ada, body: { code: 'x\u0000y' } }, 404, 'code'],
      ['/v1/machines/approve', { token: ada, body: { code: ['ABCD-EFGH'] } }, 400, 'code'],
      ['/v1/machines/approve', { body: { code: 'ABCD-EFGH' } }, 401, undefined],
      ["/v1/machines/'%3B%20DROP%20TABLE%20machines%3B--/revoke", { token: ada, method: 'POST' }, 404, undefined],
      ['/v1/machines?machine=a&machine=b', { token: ada }, 400, 'machine'],
      ['/v1/machines', { token: ada, method: 'PUT' }, 405, undefined],
    ];
    for (const [path, opts, status, field] of cases) {
      const reply = await request(app.url, path, opts);
      expect(reply.status, `${path}: ${reply.text}`).toBe(status);
      expect(typeof reply.json.error.message).toBe('string');
      if (field) expect(reply.json.error.field, path).toBe(field);
    }
    expect(app.logs.filter((l) => l.includes('internal error'))).toEqual([]);
  });

  it('rate-limits sign-in requests per address', async () => {
    const limited = await startTestApp(pg, { login: { burst: 3, perMinute: 1 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(limited.url, '/v1/login', { body: { machineId: `m${i}`, machineName: 'x' }, localAddress: '127.0.0.7' })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another address is not held back by it.
      expect((await request(limited.url, '/v1/login', { body: { machineId: 'm9', machineName: 'x' }, localAddress: '127.0.0.8' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
