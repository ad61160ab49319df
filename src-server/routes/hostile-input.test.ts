import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/app.js';
import { request, type RequestOptions } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { message, session, sessionBatch } from '../testing/records.js';

const LIMIT = 64 * 1024;

describe('hostile and broken input (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let token: string;
  let before: unknown[];
  const snapshot = async () => (await app.pool.query('SELECT user_id, kind, id, team_id, data, seq FROM records ORDER BY seq')).rows;
  const post = (body: unknown, opts: RequestOptions = {}) => request(app.url, '/v1/ingest', { token, body, ...opts });

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg, { maxBodyBytes: LIMIT });
    token = await app.user('ada');
    expect((await post(sessionBatch('s1'))).status).toBe(200);
    before = await snapshot();
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  const valid = () => sessionBatch('s1');
  const withRecord = (patch: Record<string, unknown>, index = 0) => {
    const b = valid();
    b.records[index] = { ...b.records[index], ...patch } as never;
    return b;
  };

  const cases: Array<[string, () => Promise<Awaited<ReturnType<typeof post>>>, number, string, string?]> = [
    ['malformed JSON', () => post('{"machineId": "m", "records": ['), 400, 'BAD_REQUEST'],
    ['an empty body', () => post(''), 400, 'BAD_REQUEST'],
    ['JSON that is not an object', () => post('[1, 2]'), 400, 'BAD_REQUEST'],
    ['a wrong type', () => post(withRecord({ messageCount: '5' })), 400, 'BAD_REQUEST', 'records[0].messageCount'],
    ['a negative count', () => post(withRecord({ input: -1 }, 4)), 400, 'BAD_REQUEST', 'records[4].input'],
    ['a float count', () => post(withRecord({ output: 1.5 }, 4)), 400, 'BAD_REQUEST', 'records[4].output'],
    ['a missing field', () => post(withRecord({ hash: undefined })), 400, 'BAD_REQUEST', 'records[0].hash'],
    ['an impossible date', () => post(withRecord({ startedAt: '2025-13-45T00:00:00Z' })), 400, 'BAD_REQUEST', 'records[0].startedAt'],
    ['a year PostgreSQL refuses', () => post(withRecord({ startedAt: '0000-01-01T00:00:00Z' })), 400, 'BAD_REQUEST'],
    ['an unknown top-level field', () => post({ ...valid(), evil: true }), 400, 'BAD_REQUEST', 'evil'],
    ['an unknown record field', () => post(withRecord({ bogus: 1 }, 1)), 400, 'BAD_REQUEST', 'records[1].bogus'],
    ['an unknown record kind', () => post(withRecord({ kind: 'secrets' }, 2)), 400, 'BAD_REQUEST', 'records[2].kind'],
    ['a session id that does not match agent and native id', () => post(withRecord({ id: 'claude-code:other' })), 400, 'BAD_REQUEST', 'records[0].id'],
    ['deeply nested JSON', () => post(withRecord({ content: JSON.parse('['.repeat(200) + ']'.repeat(200)) }, 1)), 400, 'BAD_REQUEST'],
    ['a body over the limit (Content-Length)', () => post(Buffer.alloc(LIMIT + 1, 0x20)), 413, 'PAYLOAD_TOO_LARGE'],
    ['a body over the limit (chunked)', () => post(Buffer.alloc(LIMIT * 4, 0x20), { chunked: true }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a zip bomb', () => post(zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)), { headers: { 'content-encoding': 'gzip' } }), 413, 'PAYLOAD_TOO_LARGE'],
    ['broken gzip', () => post(Buffer.from('not gzip at all'), { headers: { 'content-encoding': 'gzip' } }), 400, 'BAD_REQUEST'],
    ['an unsupported encoding', () => post(valid(), { headers: { 'content-encoding': 'br' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['invalid UTF-8', () => post(Buffer.concat([Buffer.from('{"machineId": "m'), Buffer.from([0xff, 0xfe]), Buffer.from('", "records": []}')])), 400, 'BAD_REQUEST'],
    ['a non-JSON content type', () => post(JSON.stringify(valid()), { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a team the user is not in', () => post({ ...valid(), team: 'nobody-s-team' }), 403, 'FORBIDDEN', 'team'],
    ['an invalid team name', () => post({ ...valid(), team: "x' OR '1'='1" }), 400, 'BAD_REQUEST', 'team'],
  ];

  it.each(cases)('refuses %s with the right 4xx and changes nothing', async (_name, send, status, code, field) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json?.error?.code).toBe(code);
    expect(typeof res.json?.error?.message).toBe('string');
    if (field !== undefined) {
      expect(res.json.error.field).toBe(field);
      expect(res.json.error.message).toContain(field);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('stores SQL-looking strings verbatim and finds them without harm', async () => {
    const evil = "x'); DROP TABLE records; --";
    const res = await post({ machineId: evil, records: [session('evil', { workspace: evil, agentTitle: '1 OR 1=1' }), message('evil', evil, `${evil} and more`)] });
    expect(res.status).toBe(200);
    const detail = await request(app.url, `/v1/sessions/${encodeURIComponent('claude-code:evil')}`, { token });
    expect(detail.json.session.workspace).toBe(evil);
    expect(detail.json.messages[0].id).toBe(evil);
    for (const q of [evil, '1 OR 1=1', '"unclosed', '!!! & | :*', 'a <-> b', '\\']) {
      const hits = await request(app.url, `/v1/search?q=${encodeURIComponent(q)}`, { token });
      expect(hits.status, q).toBe(200);
    }
    const missing = await request(app.url, `/v1/sessions/${encodeURIComponent(evil)}`, { token });
    expect(missing.status).toBe(404);
    const list = await request(app.url, `/v1/sessions?workspace=${encodeURIComponent("%' OR '1'='1")}`, { token });
    expect(list.json.sessions).toEqual([]);
    expect((await app.pool.query('SELECT count(*)::int AS n FROM records')).rows[0].n).toBe(before.length + 2);
  });

  it('keeps text PostgreSQL cannot hold (NUL, lone surrogates) as U+FFFD instead of failing', async () => {
    const res = await post('{"machineId":"m","records":[' + JSON.stringify(message('s1', 'odd', 'x')).replace('"text":"x"', '"text":"a\\u0000b\\ud800c"') + ']}');
    expect(res.status).toBe(200);
    const stored = await app.pool.query(`SELECT data->>'text' AS text FROM records WHERE id = 'odd'`);
    expect(stored.rows[0].text).toBe('a\uFFFDb\uFFFDc');
  });

  it('validates query strings and paths', async () => {
    const get = (path: string) => request(app.url, path, { token });
    const expect400 = async (path: string, field?: string) => {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      if (field) expect(res.json.error.field, path).toBe(field);
    };
    await expect400('/v1/changes?limit=abc', 'limit');
    await expect400('/v1/changes?limit=0', 'limit');
    await expect400('/v1/changes?since=-1', 'since');
    await expect400('/v1/changes?since=1e9', 'since');
    await expect400('/v1/changes?sinse=1', 'sinse');
    await expect400('/v1/changes?since=1&since=2', 'since');
    await expect400('/v1/search', 'q');
    await expect400('/v1/search?q=a%00b', 'q');
    await expect400('/v1/sessions?since=yesterday', 'since');
    await expect400('/v1/sessions?includeHidden=yes', 'includeHidden');
    await expect400('/v1/sessions/%E0%A4%A', 'id');
    await expect400('/v1/sessions/a%00b', 'id');
    expect((await get('/v1/nothing')).status).toBe(404);
    const wrong = await request(app.url, '/v1/ingest', { token, method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await request(app.url, '/v1/sessions', { token, method: 'DELETE' })).status).toBe(405);
  });

  it('never logged an internal error', () => {
    expect(app.logs.filter((l) => l.includes('internal error'))).toEqual([]);
  });
});

describe('rate limit', () => {
  let pg: TestPostgres;
  let app: TestApp;

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg, { rateLimit: { perMinute: 60, burst: 3 } });
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  it('answers 429 with Retry-After past the per-token limit, per token', async () => {
    const a = await app.user('ada');
    const b = await app.user('bob');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app.url, '/v1/me', { token: a })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request(app.url, '/v1/me', { token: a });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect((await request(app.url, '/v1/me', { token: b })).status).toBe(200);
  });
});
