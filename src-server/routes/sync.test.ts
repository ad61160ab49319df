import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage } from '../../src-shared/sync-wire.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { openStream, request } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { message, meta, session, sessionBatch } from '../testing/records.js';

describe('ingest and the changes feed (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let ada: string;
  let bob: string;

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg, { heartbeatMs: 200 });
    ada = await app.user('ada');
    bob = await app.user('bob');
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  const ingest = (token: string, body: unknown, gzip = false) => request(app.url, '/v1/ingest', { token, body, gzip });
  const changes = (token: string, query: string) => request(app.url, `/v1/changes?${query}`, { token });

  it('stores a batch once: a replay reports duplicates and changes nothing', async () => {
    const batch = sessionBatch('s1', 'laptop');
    const first = await ingest(ada, batch);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ received: 5, inserted: 5, updated: 0, duplicates: 0, stale: 0 });
    const before = await app.pool.query('SELECT kind, id, seq FROM records ORDER BY seq');

    const replay = await ingest(ada, batch, true); // gzip this time: same content
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual({ received: 5, inserted: 0, updated: 0, duplicates: 5, stale: 0, cursor: null });
    const after = await app.pool.query('SELECT kind, id, seq FROM records ORDER BY seq');
    expect(after.rows).toEqual(before.rows);
  });

  it("returns the batch to the user's other machine, not to the sending one, never to another user", async () => {
    const other = await changes(ada, 'since=0&machine=desktop');
    expect(other.status).toBe(200);
    const page = ChangesPage.parse(other.json);
    expect(page.changes.map((c) => c.id)).toEqual(['claude-code:s1', 's1-m1', 's1-m2', 's1-t1', 's1-u1']);
    expect(page.changes[0]).toMatchObject({ owner: 'ada', team: null, machine: 'laptop', record: sessionBatch('s1', 'laptop').records[0] });
    expect(page.hasMore).toBe(false);

    const echo = ChangesPage.parse((await changes(ada, 'since=0&machine=laptop')).json);
    expect(echo.changes).toEqual([]);
    expect(echo.cursor).toBe(page.cursor); // the cursor still moves past the skipped rows

    const stranger = ChangesPage.parse((await changes(bob, 'since=0')).json);
    expect(stranger.changes).toEqual([]);
    expect(stranger.cursor).toBe('0');
  });

  it('pages by cursor and picks up later changes after it', async () => {
    const p1 = ChangesPage.parse((await changes(ada, 'since=0&limit=2')).json);
    expect(p1.changes).toHaveLength(2);
    expect(p1.hasMore).toBe(true);
    const p2 = ChangesPage.parse((await changes(ada, `since=${p1.cursor}&limit=10`)).json);
    expect(p2.changes.map((c) => c.id)).toEqual(['s1-m2', 's1-t1', 's1-u1']);
    expect(p2.hasMore).toBe(false);

    // Changed content (new hash) is an update and comes through the feed again.
    const grown = await ingest(ada, { machineId: 'laptop', records: [session('s1', { hash: 'h2', messageCount: 2, originMachine: 'laptop' })] });
    expect(grown.json).toMatchObject({ inserted: 0, updated: 1, duplicates: 0 });
    const p3 = ChangesPage.parse((await changes(ada, `since=${p2.cursor}`)).json);
    expect(p3.changes.map((c) => [c.id, (c.record as { messageCount?: number }).messageCount])).toEqual([['claude-code:s1', 2]]);
    expect(BigInt(p3.cursor)).toBeGreaterThan(BigInt(p2.cursor));
    const empty = ChangesPage.parse((await changes(ada, `since=${p3.cursor}`)).json);
    expect(empty).toEqual({ changes: [], cursor: p3.cursor, hasMore: false });
  });

  it('keeps session metadata last-writer-wins and reports stale versions', async () => {
    expect((await ingest(ada, { machineId: 'laptop', records: [meta('s1', 2)] })).json).toMatchObject({ inserted: 1 });
    expect((await ingest(ada, { machineId: 'desktop', records: [meta('s1', 1, { title: 'older' })] })).json).toMatchObject({ stale: 1, updated: 0 });
    expect((await ingest(ada, { machineId: 'desktop', records: [meta('s1', 3, { title: 'renamed' })] })).json).toMatchObject({ updated: 1 });
    // Same version: the later time wins; then the machine id breaks the tie.
    const later = meta('s1', 3, { title: 'later', updatedAt: '2025-01-04T00:00:00.000Z' });
    expect((await ingest(ada, { machineId: 'desktop', records: [later] })).json).toMatchObject({ updated: 1 });
    expect((await ingest(ada, { machineId: 'desktop', records: [later] })).json).toMatchObject({ duplicates: 1 });
    const detail = await request(app.url, '/v1/sessions/claude-code%3As1', { token: ada });
    expect(detail.json.session.title).toBe('later');
    expect(detail.json.meta.title).toBe('later');
  });

  it('counts repeats inside one batch as duplicates', async () => {
    const m = message('s1', 's1-m3', 'third');
    const res = await ingest(ada, { machineId: 'laptop', records: [m, m, { ...m, hash: 'other', text: 'third, edited' }] });
    expect(res.json).toMatchObject({ received: 3, inserted: 1, duplicates: 2 });
    const stored = await app.pool.query(`SELECT data->>'text' AS text FROM records WHERE id = 's1-m3'`);
    expect(stored.rows).toEqual([{ text: 'third, edited' }]);
  });

  it('announces a change on the stream to the other machine, not to the sender or another user', async () => {
    const desktop = await openStream(app.url, '/v1/stream?machine=desktop', ada);
    const laptop = await openStream(app.url, '/v1/stream?machine=laptop', ada);
    const stranger = await openStream(app.url, '/v1/stream', bob);
    try {
      expect(desktop.status).toBe(200);
      await desktop.waitFor((e) => e.event === 'ready');
      await stranger.waitFor((e) => e.event === 'ready');
      const res = await ingest(ada, sessionBatch('s2', 'laptop'));
      // (Notices of earlier tests' batches may still arrive: wait for this one.)
      const change = await desktop.waitFor((e) => e.event === 'change' && (e.data as { cursor: string }).cursor === res.json.cursor);
      expect(change.data).toEqual({ cursor: res.json.cursor, owner: 'ada', teams: [], machine: 'laptop' });
      // A later event to bob proves bob's stream was live while ada's change went by.
      await ingest(bob, sessionBatch('b1', 'bobs-box'));
      await stranger.waitFor((e) => e.event === 'change');
      expect(stranger.events.filter((e) => e.event === 'change').map((e) => (e.data as { owner: string }).owner)).toEqual(['bob']);
      // A later change from the desktop reached the laptop's stream, so the laptop's own would have come before. the laptop's stream too, so ada's came before it if it came at all.
      await ingest(ada, { machineId: 'desktop', records: [meta('s2', 1)] });
      await laptop.waitFor((e) => e.event === 'change' && (e.data as { machine: string }).machine === 'desktop');
      expect(laptop.events.filter((e) => e.event === 'change' && (e.data as { machine: string }).machine === 'laptop')).toEqual([]);
    } finally {
      desktop.close();
      laptop.close();
      stranger.close();
    }
  });

  it('lists sessions with filters and merges the owner\'s metadata', async () => {
    await ingest(ada, { machineId: 'laptop', records: [session('old', { startedAt: '2024-06-01T00:00:00.000Z', workspace: '/srv/other' })] });
    await ingest(ada, { machineId: 'laptop', records: [session('gone'), meta('gone', 1, { hidden: true })] });
    const ids = async (query: string) =>
      ((await request(app.url, `/v1/sessions${query}`, { token: ada })).json.sessions as Array<{ id: string }>).map((x) => x.id);
    // Newest first; s1 and s2 started at the same time, and s2 was stored last.
    expect(await ids('')).toEqual(['claude-code:s2', 'claude-code:s1', 'claude-code:old']);
    expect(await ids('?workspace=%2Fsrv%2F')).toEqual(['claude-code:old']);
    expect(await ids('?until=2025-01-01T00:00:00Z')).toEqual(['claude-code:old']);
    expect(await ids('?since=2025-01-01T00:00:00Z&limit=1')).toHaveLength(1);
    expect(await ids('?agent=codex')).toEqual([]);
    expect(await ids('?includeHidden=true')).toContain('claude-code:gone');
    const s1 = (await request(app.url, '/v1/sessions?limit=1&offset=1', { token: ada })).json.sessions[0];
    expect(s1).toMatchObject({ id: 'claude-code:s1', owner: 'ada', team: null, title: 'later', tags: ['work'], messageCount: 2 });
  });

  it('finds text with safe, highlighted snippets', async () => {
    await ingest(ada, { machineId: 'laptop', records: [message('s1', 'html', 'the <script>alert(1)</script> broke the deploy pipeline')] });
    const res = await request(app.url, `/v1/search?q=${encodeURIComponent('deploy pipeline')}`, { token: ada });
    expect(res.status).toBe(200);
    expect(res.json.hits).toHaveLength(1);
    expect(res.json.hits[0]).toMatchObject({ kind: 'message', id: 'html', sessionId: 'claude-code:s1', owner: 'ada', team: null });
    // Only our <mark> is markup: the text's own tags arrive escaped.
    expect(res.json.hits[0].snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(res.json.hits[0].snippet).toContain('script&gt;');
    expect(res.json.hits[0].snippet).toContain('<mark>deploy</mark> <mark>pipeline</mark>');
    const tools = await request(app.url, '/v1/search?q=npm&kind=tool_call', { token: ada });
    expect(tools.json.hits.map((h: { kind: string }) => h.kind)).toEqual(['tool_call', 'tool_call']);
  });

  it('tells streams to resync after the change listener reconnects, and keeps streaming', async () => {
    const stream = await openStream(app.url, '/v1/stream?machine=desktop', ada);
    try {
      await stream.waitFor((e) => e.event === 'ready');
      await app.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`);
      await stream.waitFor((e) => e.event === 'resync');
      const res = await ingest(ada, sessionBatch('after-reconnect', 'laptop'));
      await stream.waitFor((e) => e.event === 'change' && (e.data as { cursor: string }).cursor === res.json.cursor);
    } finally {
      stream.close();
    }
    expect(app.logs.some((l) => l.includes('change listener lost its connection'))).toBe(true);
  });

  it('ends a stream whose token is revoked', async () => {
    const token = await app.user('eve');
    const stream = await openStream(app.url, '/v1/stream', token);
    try {
      await stream.waitFor((e) => e.event === 'ready');
      const { revokeToken } = await import('../admin/tokens.js');
      await revokeToken(app.pool, (await request(app.url, '/v1/me', { token })).json.tokenId);
      await stream.waitFor((e) => e.event === 'revoked');
    } finally {
      stream.close();
    }
  });

  it('caps the open streams of one token', async () => {
    const { MAX_STREAMS_PER_TOKEN } = await import('./stream.js');
    const token = await app.user('flo');
    const streams = await Promise.all(Array.from({ length: MAX_STREAMS_PER_TOKEN }, () => openStream(app.url, '/v1/stream', token)));
    try {
      expect(streams.every((s) => s.status === 200)).toBe(true);
      const refused = await request(app.url, '/v1/stream', { token });
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('30');
    } finally {
      streams.forEach((s) => s.close());
    }
  });

  it('serves health and metrics without a token', async () => {
    expect((await request(app.url, '/healthz')).json).toEqual({ status: 'ok', database: 'ok' });
    const metrics = await request(app.url, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/devlog_ingest_records_total\{outcome="inserted"\} \d+/);
    expect(metrics.text).toMatch(/devlog_http_requests_total\{route="\/v1\/ingest",method="POST",status="200"\} \d+/);
    expect(app.logs.filter((l) => l.includes('internal error'))).toEqual([]);
  });
});
