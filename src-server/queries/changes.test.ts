import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage } from '../../src-shared/sync-wire.js';
import { startTestApp, type TestApp } from '../testing/app.js';
import { request } from '../testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres.js';
import { message, session } from '../testing/records.js';

describe('changes feed under concurrent writers', () => {
  let pg: TestPostgres;
  let app: TestApp;
  let ada: string;
  let bob: string;

  beforeAll(async () => {
    pg = await startTestPostgres();
    app = await startTestApp(pg, { rateLimit: { perMinute: 1e6, burst: 1e6 } }); // the poller is busy
    await app.team('acme');
    ada = await app.user('ada', ['acme']);
    bob = await app.user('bob', ['acme']);
    // Widen the race a real server has: each write statement lingers after drawing its sequence
    // numbers and before its transaction commits, so commits overtake each other.
    await app.pool.query(`
      CREATE FUNCTION devlog.test_linger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(random() * 0.03); RETURN NULL; END $$;
      CREATE TRIGGER test_linger AFTER INSERT OR UPDATE ON devlog.records FOR EACH STATEMENT EXECUTE FUNCTION devlog.test_linger();`);
  });
  afterAll(async () => {
    await app?.close();
    await pg?.stop();
  });

  it('never skips a record that commits after a later sequence number was read (user and team feeds)', async () => {
    // Writers 0-2 are ada, 3-5 bob; odd writers share with acme. Pull ada's feed and acme's.
    const writers = 6;
    const batches = 8;
    const expected = { ada: new Set<string>(), acme: new Set<string>() };
    const send = async (w: number) => {
      for (let b = 0; b < batches; b++) {
        const records = [session(`w${w}b${b}`), ...Array.from({ length: 20 }, (_, i) => message(`w${w}b${b}`, `w${w}b${b}m${i}`, `text ${i}`))];
        for (const r of records) {
          if (w < 3) expected.ada.add(r.id);
          if (w % 2) expected.acme.add(r.id);
        }
        const body = { machineId: `m${w}`, team: w % 2 ? 'acme' : undefined, records };
        const res = await request(app.url, '/v1/ingest', { token: w < 3 ? ada : bob, body });
        expect(res.status).toBe(200);
      }
    };
    const feed = (query: string) => {
      const seen = new Set<string>();
      let cursor = '0';
      const pull = async () => {
        const page = ChangesPage.parse((await request(app.url, `/v1/changes?since=${cursor}&limit=37${query}`, { token: ada })).json);
        page.changes.forEach((c) => seen.add(c.id));
        cursor = page.cursor;
        return page.hasMore;
      };
      return { seen, pull };
    };
    const own = feed('');
    const team = feed('&team=acme');
    let writing = true;
    // Keep pulling with the cursor while writers run, like another machine would...
    const polling = Promise.all(
      [own, team].map(async (f) => {
        while (writing) await f.pull();
      }),
    );
    await Promise.all(Array.from({ length: writers }, (_, w) => send(w)));
    writing = false;
    await polling;
    // ...then drain, from reads that start after every write has committed.
    for (const f of [own, team]) while (await f.pull());
    expect(own.seen).toEqual(expected.ada);
    expect(team.seen).toEqual(expected.acme);
  });
});
