import pgLib from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeamMember, removeTeamMember } from '../admin/teams.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { openStream, request, type Reply } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { sessionBatch } from '../testing/records.js';

/** The server tried as an attacker would: token guessing and a removed member's open stream. */
describe('server under attack (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let ada: string;
  let bob: string;

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg, { authFailures: { perMinute: 6, burst: 10 } });
    await app.team('acme');
    ada = await app.user('ada', ['acme']);
    bob = await app.user('bob', ['acme']);
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  const pg_url = (database: string) => {
    const u = new URL(pg.url);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const metric = async (name: string) => {
    const text = (await request(app.url, '/metrics')).text;
    return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  };

  it('refuses an address guessing tokens with 429 + Retry-After, without looking them up; others are unaffected', async () => {
    // ada works from the same address before the attack (behind the same NAT, say).
    expect((await request(app.url, '/v1/me', { token: ada, localAddress: '127.0.0.3' })).status).toBe(200);
    const lookupsBefore = await metric('devlog_token_lookups_total');

    const replies: Reply[] = [];
    for (let round = 0; round < 20; round++) {
      const wave = Array.from({ length: 25 }, (_, i) => request(app.url, '/v1/me', { token: `dvl_guess_${round}_${i}`, localAddress: '127.0.0.3' }));
      replies.push(...(await Promise.all(wave)));
    }
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10); // the budget
    expect(statuses.filter((s) => s === 429)).toHaveLength(490);
    for (const r of replies.filter((x) => x.status === 429)) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.json.error.code).toBe('RATE_LIMITED');
    }
    // Only the requests within the budget reached the database.
    expect((await metric('devlog_token_lookups_total')) - lookupsBefore).toBe(10);

    // No token at all is refused the same way; ada's known-good token still works from there.
    expect((await request(app.url, '/v1/me', { localAddress: '127.0.0.3' })).status).toBe(429);
    expect((await request(app.url, '/v1/me', { token: ada, localAddress: '127.0.0.3' })).json).toMatchObject({ user: 'ada' });
    // Another address has its own budget: a wrong token there is a plain 401.
    const elsewhere = await request(app.url, '/v1/me', { token: 'dvl_wrong', localAddress: '127.0.0.4' });
    expect(elsewhere.status).toBe(401);
    expect((await request(app.url, '/v1/me', { token: bob, localAddress: '127.0.0.4' })).status).toBe(200);
    expect(await metric('devlog_auth_failures_total\\{outcome="refused"\\}')).toBeGreaterThanOrEqual(491);
  });

  it("a member removed from a team stops receiving the team's changes on an already open stream", async () => {
    const stream = await openStream(app.url, '/v1/stream', bob);
    try {
      await stream.waitFor((e) => e.event === 'ready');
      const cursorOf = (e: { data: unknown }) => (e.data as { cursor: string }).cursor;
      const before = await request(app.url, '/v1/ingest', { token: ada, body: { ...sessionBatch('before', 'ada-laptop'), team: 'acme' } });
      await stream.waitFor((e) => e.event === 'change' && cursorOf(e) === before.json.cursor);

      expect(await removeTeamMember(app.pool, 'acme', 'bob')).toBe(true);
      const after = await request(app.url, '/v1/ingest', { token: ada, body: { ...sessionBatch('after', 'ada-laptop'), team: 'acme' } });
      // bob's own change, sent after: events arrive in commit order, so once it is in, the team's would be too.
      const own = await request(app.url, '/v1/ingest', { token: bob, body: sessionBatch('bobs', 'bob-box') });
      await stream.waitFor((e) => e.event === 'change' && cursorOf(e) === own.json.cursor);
      expect(stream.events.filter((e) => e.event === 'change' && cursorOf(e) === after.json.cursor)).toEqual([]);
      // And the rest of the API agrees: the team is no longer his to read.
      expect((await request(app.url, '/v1/changes?team=acme', { token: bob })).status).toBe(403);

      // Added back, the same open stream hears about the team again at once.
      expect(await addTeamMember(app.pool, 'acme', 'bob')).toBe(true);
      const back = await request(app.url, '/v1/ingest', { token: ada, body: { ...sessionBatch('back', 'ada-laptop'), team: 'acme' } });
      const heard = await stream.waitFor((e) => e.event === 'change' && cursorOf(e) === back.json.cursor);
      expect(heard.data).toMatchObject({ owner: 'ada', teams: ['acme'] });
    } finally {
      stream.close();
    }
  });

  it('re-reads the team list on the heartbeat too (a membership changed behind the server’s back)', async () => {
    const fast = await startTestApp(pg, { heartbeatMs: 100 });
    try {
      const cyd = await fast.user('cyd', ['acme']);
      const stream = await openStream(fast.url, '/v1/stream', cyd);
      try {
        await stream.waitFor((e) => e.event === 'ready');
        // Removed by hand in SQL: no notice is sent, only the heartbeat can notice.
        await fast.pool.query(`DELETE FROM team_members WHERE user_id = (SELECT id FROM users WHERE name = 'cyd')`);
        const cursorOf = (e: { data: unknown }) => (e.data as { cursor: string }).cursor;
        // Poll: after a heartbeat or two, a team change no longer reaches cyd while her own do.
        for (let i = 0; ; i++) {
          const team = await request(fast.url, '/v1/ingest', { token: ada, body: { ...sessionBatch(`hb-${i}`, 'ada-laptop'), team: 'acme' } });
          const own = await request(fast.url, '/v1/ingest', { token: cyd, body: sessionBatch(`cyd-${i}`, 'cyd-box') });
          await stream.waitFor((e) => e.event === 'change' && cursorOf(e) === own.json.cursor);
          if (!stream.events.some((e) => e.event === 'change' && cursorOf(e) === team.json.cursor)) break;
          expect(i, 'the heartbeat never re-read the team list').toBeLessThan(200);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        stream.close();
      }
    } finally {
      await fast.close();
    }
  });

  // Last: it makes the database refuse every connection for a moment.
  it('/healthz says only "unavailable" when the database refuses: the reason goes to the server log', async () => {
    const admin = new pgLib.Client({ connectionString: pg_url('postgres') });
    await admin.connect();
    try {
      await admin.query('ALTER DATABASE devlog ALLOW_CONNECTIONS false');
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'devlog'`);
      const res = await request(app.url, '/healthz');
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ status: 'unavailable', database: 'unavailable' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const port = new URL(pg.url).port;
      for (const leak of [port, '127.0.0.1', 'devlog', 'accepting', 'terminat']) expect(res.text).not.toContain(leak);
      // The reason (whichever the pool met first: a terminated connection or the refusal) is logged.
      expect(app.logs.filter((l) => l.startsWith('health check: the database does not answer: '))).not.toEqual([]);
      // The API says the same, in its error format.
      const api = await request(app.url, '/v1/me', { token: ada, localAddress: '127.0.0.5' });
      expect(api.status).toBe(503);
      expect(api.json.error.code).toBe('UNAVAILABLE');
    } finally {
      await admin.query('ALTER DATABASE devlog ALLOW_CONNECTIONS true');
      await admin.end();
    }
    expect((await request(app.url, '/healthz')).json).toEqual({ status: 'ok', database: 'ok' });
  });
});
