import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src-shared/errors.js';
import { rpcError, useSampleHandlers } from '../testing/sample-handlers.js';

describe('starring through sessions.editMeta, and the starred filter (real store, query thread)', () => {
  const { store, handlers, ctx } = useSampleHandlers();

  it('stars a session: the starred filter lists it (query and stats), with a new sequence number for export', async () => {
    const h = handlers();
    const told: string[][] = [];
    store().engine.onSessionsChanged((ids) => told.push(ids));
    expect((await h['sessions.query']({ starred: true }, ctx)).sessions).toEqual([]);
    const seqBefore = store().engine.seq.last;

    expect(await h['sessions.editMeta']({ id: 'claude-code:alpha-1', starred: true }, ctx)).toMatchObject({ sessionId: 'claude-code:alpha-1', starred: true });
    expect(store().engine.seq.last).toBe(seqBefore + 1);
    expect(told).toEqual([['claude-code:alpha-1']]);
    const starred = await h['sessions.query']({ starred: true }, ctx);
    expect(starred.sessions.map((s) => [s.id, s.starred])).toEqual([['claude-code:alpha-1', true]]);
    const all = await h['sessions.query']({}, ctx);
    expect(all.sessions.filter((s) => s.starred).map((s) => s.id)).toEqual(['claude-code:alpha-1']);
    expect((await h['stats.get']({ by: 'agent', starred: true }, ctx)).total.sessions).toBe(1);
    await h['sessions.editMeta']({ id: 'claude-code:alpha-1', starred: false }, ctx);
    expect((await h['sessions.query']({ starred: true }, ctx)).sessions).toEqual([]);
    expect(store().engine.db.prepare("SELECT starred, version FROM session_meta WHERE session_id = 'claude-code:alpha-1'").get()).toEqual({ starred: 0, version: 2 });
  });

  it('refuses an unknown session (NOT_FOUND) and malformed params (BAD_REQUEST)', async () => {
    const h = handlers();
    expect((await rpcError(() => h['sessions.editMeta']({ id: 'claude-code:nope', starred: true }, ctx)))[0]).toBe(ErrorCodes.NotFound);
    expect((await rpcError(() => h['sessions.editMeta']({ id: 'claude-code:alpha-1', starred: 'yes' } as never, ctx)))[0]).toBe(ErrorCodes.BadRequest);
  });
});
