import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src-shared/errors.js';
import { rpcError, useSampleHandlers } from '../testing/sample-handlers.js';

describe('sessions.* and stats.get handlers', () => {
  const { handlers, ctx } = useSampleHandlers();

  it('answer from a read-only handle of their own', async () => {
    const h = handlers();
    const result = await h['sessions.query']({ search: 'login', limit: 5 }, ctx);
    expect(result.sessions.map((s) => s.id)).toEqual(['codex:gamma-3', 'claude-code:alpha-1']);
    const show = await h['sessions.show']({ id: 'alpha-1', maxResultChars: 10 }, ctx);
    expect(show.session.id).toBe('claude-code:alpha-1');
    const { markdown } = await h['sessions.markdown']({ id: 'beta-2' }, ctx);
    expect(markdown).toContain('Refactor the café menu renderer');
    const stats = await h['stats.get']({ by: 'agent' }, ctx);
    expect(stats.total.sessions).toBe(4);
    // alpha-1's only tool call is Bash: no file named, so none listed (extraction: file-touches/extract.test.ts).
    expect(await h['sessions.files']({ sessionId: 'alpha-1' }, ctx)).toEqual({ files: [] });
    expect(show.resumeCommand).toEqual({ command: 'claude --resume alpha-1', cwd: '/home/dev/code/alpha' });
    // Days in the caller's zone, whatever the engine's: 10:00 UTC on the 1st is midnight of the 2nd at +14.
    const kiritimati = await h['stats.get']({ by: 'day', timeZone: 'Pacific/Kiritimati', agents: ['claude-code'] }, ctx);
    expect(kiritimati.groups.map((g) => g.key)).toEqual(['2026-11-02', '2026-11-05']);
  });

  it('reject malformed params with BAD_REQUEST naming the field, unknown ids with NOT_FOUND', async () => {
    const h = handlers();
    expect(await rpcError(() => h['sessions.query']({ limit: 'ten' } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/field limit/)]);
    expect(await rpcError(() => h['sessions.query']({ agents: ['vim'] } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/field agents\.0/)]);
    expect(await rpcError(() => h['sessions.query']({ sinse: '7d' } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/sinse/)]);
    expect(await rpcError(() => h['stats.get']({ by: 'week' } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/field by/)]);
    expect(await rpcError(() => h['stats.get']({ by: 'day', timeZone: 'Mars/Olympus' }, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/timeZone: unknown time zone/)]);
    expect(await rpcError(() => h['sessions.show']({ id: 'nope-nope' }, ctx))).toEqual([ErrorCodes.NotFound, expect.stringMatching(/no session/)]);
    expect(await rpcError(() => h['sessions.files']({ sessionId: 'nope-nope' }, ctx))).toEqual([ErrorCodes.NotFound, expect.stringMatching(/no session/)]);
    expect(await rpcError(() => h['sessions.files']({ id: 'alpha-1' } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/field sessionId/)]);
    expect(await rpcError(() => h['sessions.query']({ file: '../up' }, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/--file/)]);
    expect(await rpcError(() => h['sessions.query']({ search: 'x AND (', searchSyntax: 'fts' }, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/FTS5/)]);
  });
});
