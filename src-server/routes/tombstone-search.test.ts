import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/app.js';
import { request } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { meta, sessionBatch } from '../testing/records.js';

describe('a deleted session on the server (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let token = '';

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg);
    token = await app.user('ada');
    for (const id of ['kept', 'gone']) expect((await request(app.url, '/v1/ingest', { token, body: sessionBatch(id, 'ada-laptop') })).status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  const hits = async () => ((await request(app.url, '/v1/search?q=flaky', { token })).json.hits as { sessionId: string }[]).map((h) => h.sessionId);

  it('is gone from search and the list once its tombstone arrives, and a later edit does not bring it back', async () => {
    expect(new Set(await hits())).toEqual(new Set(['claude-code:kept', 'claude-code:gone']));
    const tombstone = meta('gone', 1, { deleted: true, updatedBy: 'ada-laptop' });
    expect((await request(app.url, '/v1/ingest', { token, body: { machineId: 'ada-laptop', records: [tombstone] } })).json).toMatchObject({ inserted: 1 });
    expect(new Set(await hits())).toEqual(new Set(['claude-code:kept']));
    const list = (await request(app.url, '/v1/sessions', { token })).json.sessions as { id: string }[];
    expect(list.map((s) => s.id)).toEqual(['claude-code:kept']);
    // Another machine renamed it without having seen the delete: the tombstone still wins.
    const late = await request(app.url, '/v1/ingest', { token, body: { machineId: 'ada-desk', records: [meta('gone', 7, { updatedBy: 'ada-desk', title: 'renamed' })] } });
    expect(late.json).toMatchObject({ stale: 1 });
    expect(new Set(await hits())).toEqual(new Set(['claude-code:kept']));
  });
});
