import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage } from '../../src-shared/sync-wire.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { openStream, request } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { meta, session, sessionBatch } from '../testing/records.js';

describe('tenants and teams (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  const t: Record<'ada' | 'bob' | 'cyd', string> = { ada: '', bob: '', cyd: '' };
  const get = (who: keyof typeof t, path: string) => request(app.url, path, { token: t[who] });
  const ingest = (who: keyof typeof t, body: unknown) => request(app.url, '/v1/ingest', { token: t[who], body });
  const snapshot = async () => (await app.pool.query('SELECT user_id, kind, id, team_id, data, seq FROM records ORDER BY user_id, kind, id')).rows;

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg);
    await app.team('acme');
    await app.team('other');
    t.ada = await app.user('ada', ['acme']);
    t.bob = await app.user('bob', ['acme']); // ada's team mate
    t.cyd = await app.user('cyd', ['other']); // not in acme
    // ada: one private session, one shared with acme.
    await ingest('ada', sessionBatch('private', 'ada-laptop'));
    await ingest('ada', { ...sessionBatch('shared', 'ada-laptop'), team: 'acme' });
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  it("another user cannot list, read, search or pull ada's private session", async () => {
    for (const who of ['bob', 'cyd'] as const) {
      const list = await get(who, '/v1/sessions');
      expect(list.json.sessions.map((s: { id: string }) => s.id)).not.toContain('claude-code:private');
      expect((await get(who, '/v1/sessions/claude-code%3Aprivate')).status).toBe(404);
      expect((await get(who, '/v1/sessions/claude-code%3Aprivate?owner=ada')).status).toBe(404);
      const hits = await get(who, '/v1/search?q=private');
      expect(hits.status).toBe(200);
      expect(hits.json.hits.filter((h: { sessionId: string }) => h.sessionId === 'claude-code:private')).toEqual([]);
      const feed = ChangesPage.parse((await get(who, '/v1/changes?since=0')).json);
      expect(feed.changes.filter((c) => c.owner === 'ada')).toEqual([]);
    }
    // ada herself sees it everywhere.
    expect((await get('ada', '/v1/sessions/claude-code%3Aprivate')).json.messages).toHaveLength(2);
    expect((await get('ada', '/v1/search?q=private')).json.hits.length).toBeGreaterThan(0);
  });

  it("another user cannot overwrite ada's sessions: the same ids land in their own namespace", async () => {
    const before = (await snapshot()).filter((r) => r.user_id === 1);
    const forged = sessionBatch('private', 'ada-laptop');
    forged.records = forged.records.map((r) => ({ ...r, hash: 'evil' }));
    forged.records.push(meta('private', 99, { title: 'pwned', deleted: true }));
    const res = await ingest('cyd', forged);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ inserted: 6, updated: 0 });
    expect((await snapshot()).filter((r) => r.user_id === 1)).toEqual(before);
    const adaView = await get('ada', '/v1/sessions/claude-code%3Aprivate');
    expect(adaView.json.session.owner).toBe('ada');
    expect(adaView.json.meta).toBeNull();
    // cyd reading the id now gets cyd's own copy, never ada's.
    const cydView = await get('cyd', '/v1/sessions/claude-code%3Aprivate');
    expect(cydView.json.session.owner).toBe('cyd');
    expect((await get('cyd', '/v1/sessions/claude-code%3Aprivate?owner=ada')).status).toBe(404);
  });

  it("a team member sees the team's shared session; a non-member does not", async () => {
    const bobList = await get('bob', '/v1/sessions');
    expect(bobList.json.sessions.map((s: { id: string; owner: string; team: string }) => [s.id, s.owner, s.team])).toEqual([
      ['claude-code:shared', 'ada', 'acme'],
    ]);
    const detail = await get('bob', '/v1/sessions/claude-code%3Ashared');
    expect(detail.status).toBe(200);
    expect(detail.json.messages).toHaveLength(2);
    expect(detail.json.toolCalls).toHaveLength(1);
    const hits = await get('bob', '/v1/search?q=flaky&team=acme');
    expect(hits.json.hits.map((h: { sessionId: string }) => h.sessionId)).toContain('claude-code:shared');
    expect(hits.json.hits.every((h: { owner: string; team: string }) => h.team === 'acme')).toBe(true);
    const feed = ChangesPage.parse((await get('bob', '/v1/changes?team=acme&since=0')).json);
    expect(new Set(feed.changes.map((c) => c.record.kind === 'session' || c.record.kind === 'session_meta' ? c.id : c.record.sessionId))).toEqual(
      new Set(['claude-code:shared']),
    );
    // bob's own feed stays his own.
    expect(ChangesPage.parse((await get('bob', '/v1/changes?since=0')).json).changes).toEqual([]);

    // cyd is not in acme: nothing, and naming the team is forbidden.
    expect((await get('cyd', '/v1/sessions')).json.sessions.map((s: { owner: string }) => s.owner)).not.toContain('ada');
    expect((await get('cyd', '/v1/sessions/claude-code%3Ashared')).status).toBe(404);
    for (const path of ['/v1/changes?team=acme', '/v1/sessions?team=acme', '/v1/search?q=flaky&team=acme']) {
      const res = await get('cyd', path);
      expect(res.status, path).toBe(403);
      expect(res.json.error).toMatchObject({ code: 'FORBIDDEN', field: 'team' });
    }
    const shareInto = await ingest('cyd', { ...sessionBatch('sneaky', 'cyd-box'), team: 'acme' });
    expect(shareInto.status).toBe(403);
    expect((await get('bob', '/v1/sessions')).json.sessions).toHaveLength(1);
  });

  it('sharing later makes a known session visible to the team; a team-less replay does not unshare it', async () => {
    await ingest('ada', { machineId: 'ada-laptop', records: [session('later')] });
    expect((await get('bob', '/v1/sessions/claude-code%3Alater')).status).toBe(404);
    const shared = await ingest('ada', { machineId: 'ada-laptop', team: 'acme', records: [session('later')] });
    expect(shared.json).toMatchObject({ updated: 1, duplicates: 0 });
    expect((await get('bob', '/v1/sessions/claude-code%3Alater')).status).toBe(200);
    const replay = await ingest('ada', { machineId: 'ada-laptop', records: [session('later')] });
    expect(replay.json).toMatchObject({ duplicates: 1 });
    expect((await get('bob', '/v1/sessions/claude-code%3Alater')).status).toBe(200);
  });

  it("streams a teammate's shared change to members only", async () => {
    const bobStream = await openStream(app.url, '/v1/stream', t.bob);
    const cydStream = await openStream(app.url, '/v1/stream', t.cyd);
    try {
      await bobStream.waitFor((e) => e.event === 'ready');
      await cydStream.waitFor((e) => e.event === 'ready');
      const cursorOf = (e: { data: unknown }) => (e.data as { cursor: string }).cursor;
      const shared = await ingest('ada', { ...sessionBatch('live', 'ada-laptop'), team: 'acme' });
      const change = await bobStream.waitFor((e) => e.event === 'change' && cursorOf(e) === shared.json.cursor);
      expect(change.data).toEqual({ cursor: shared.json.cursor, owner: 'ada', teams: ['acme'], machine: 'ada-laptop' });
      const hidden = await ingest('ada', sessionBatch('live-private', 'ada-laptop'));
      await ingest('cyd', sessionBatch('cyd-own', 'cyd-box'));
      const last = await ingest('ada', { ...sessionBatch('live-2', 'ada-laptop'), team: 'acme' });
      // Events arrive in commit order, so once these are in, anything earlier would be too.
      await cydStream.waitFor((e) => e.event === 'change');
      await bobStream.waitFor((e) => e.event === 'change' && cursorOf(e) === last.json.cursor);
      expect(cydStream.events.filter((e) => e.event === 'change').map((e) => (e.data as { owner: string }).owner)).toEqual(['cyd']);
      expect(bobStream.events.filter((e) => cursorOf(e) === hidden.json.cursor)).toEqual([]);
    } finally {
      bobStream.close();
      cydStream.close();
    }
  });

  it('answers 401 without a token, with a wrong one, and with a revoked one', async () => {
    const { revokeToken } = await import('../admin/tokens.js');
    const token = await app.user('dee');
    expect((await request(app.url, '/v1/me', { token })).json).toMatchObject({ user: 'dee', teams: [] });
    const id = (await request(app.url, '/v1/me', { token })).json.tokenId as number;
    await revokeToken(app.pool, id);
    for (const path of ['/v1/me', '/v1/sessions', '/v1/changes', '/v1/search?q=x', '/v1/stream', '/v1/sessions/x']) {
      for (const tok of [undefined, 'dvl_nope', token]) {
        const res = await request(app.url, path, { token: tok });
        expect(res.status, `${path} ${tok}`).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect((await request(app.url, '/v1/ingest', { token, body: sessionBatch('x') })).status).toBe(401);
    expect((await request(app.url, '/v1/me', { headers: { authorization: 'Basic YWRhOnB3' } })).status).toBe(401);
    expect(app.logs.filter((l) => l.includes('internal error'))).toEqual([]);
  });

  it("a teammate exporting the same id cannot shadow a member's session: every view names the owner", async () => {
    const eve = await app.user('eve', ['acme']);
    const spoof = sessionBatch('shared', 'bob-box');
    spoof.records = spoof.records.map((r) =>
      r.kind === 'session' ? { ...r, hash: 'spoof', agentTitle: 'SPOOFED' } : r.kind === 'message' ? { ...r, hash: 'spoof', text: 'SPOOFED text' } : r,
    );
    const sent = await ingest('bob', { ...spoof, team: 'acme', records: spoof.records });
    expect(sent.json).toMatchObject({ inserted: 5 }); // bob's own namespace: ada's rows are untouched

    // Without naming the owner, a third member is not handed either copy by guesswork.
    const unnamed = await request(app.url, '/v1/sessions/claude-code%3Ashared', { token: eve });
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'owner' });
    expect(unnamed.json.error.message).toContain('ada, bob');
    const adas = await request(app.url, '/v1/sessions/claude-code%3Ashared?owner=ada', { token: eve });
    expect(adas.json.session).toMatchObject({ owner: 'ada', title: 'Session shared' });
    expect(adas.json.messages.map((m: { text: string }) => m.text)).not.toContain('SPOOFED text');
    const bobs = await request(app.url, '/v1/sessions/claude-code%3Ashared?owner=bob', { token: eve });
    expect(bobs.json.session).toMatchObject({ owner: 'bob', title: 'SPOOFED' });

    // Each owner without `owner` gets their own copy, whoever wrote last.
    expect((await get('ada', '/v1/sessions/claude-code%3Ashared')).json.session).toMatchObject({ owner: 'ada', title: 'Session shared' });
    expect((await get('bob', '/v1/sessions/claude-code%3Ashared')).json.session).toMatchObject({ owner: 'bob', title: 'SPOOFED' });

    // The team list, search and feed show both copies, each with its owner.
    const list = await request(app.url, '/v1/sessions?team=acme', { token: eve });
    expect(list.json.sessions.filter((s: { id: string }) => s.id === 'claude-code:shared').map((s: { owner: string }) => s.owner).sort()).toEqual(['ada', 'bob']);
    const hits = await request(app.url, '/v1/search?q=SPOOFED&team=acme', { token: eve });
    expect(new Set(hits.json.hits.map((h: { owner: string }) => h.owner))).toEqual(new Set(['bob']));
    const feed = ChangesPage.parse((await request(app.url, '/v1/changes?team=acme&since=0', { token: eve })).json);
    expect(new Set(feed.changes.filter((c) => c.id === 'claude-code:shared').map((c) => c.owner))).toEqual(new Set(['ada', 'bob']));
  });
});
