import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src-shared/errors.js';
import { rpcError, useSampleHandlers } from '../testing/sample-handlers.js';

describe('sessions.editMeta and machine.* handlers (what the UI calls)', () => {
  const { store, handlers, ctx } = useSampleHandlers();

  it('edit a session; the query thread sees the edit at once', async () => {
    const h = handlers();
    const view = await h['sessions.editMeta']({ id: 'delta', title: 'Notes cleanup', addTags: ['docs'], starred: true }, ctx);
    expect(view).toMatchObject({ sessionId: 'copilot-chat:delta-4', title: 'Notes cleanup', tags: ['docs'], starred: true, version: 1, updatedBy: store().engine.machineId });
    const listed = await h['sessions.query']({ tags: ['docs'], starred: true }, ctx);
    expect(listed.sessions.map((s) => [s.id, s.title, s.titleSource, s.tags, s.starred])).toEqual([['copilot-chat:delta-4', 'Notes cleanup', 'user', ['docs'], true]]);
    expect((await h['machine.get'](undefined, ctx)).id).toBe(store().engine.machineId);
  });

  it('reject malformed params with BAD_REQUEST naming the field', async () => {
    const h = handlers();
    const edit = (params: unknown) => rpcError(() => h['sessions.editMeta'](params as never, ctx));
    expect(await edit({ id: 'delta', addTags: 'docs' })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field addTags: Invalid input: expected array, received string']);
    expect(await edit({ id: 'delta', starred: 1 })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field starred: Invalid input: expected boolean, received number']);
    expect(await edit({ id: 'delta', colour: 'red' })).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/^sessions\.editMeta: field \(params\): Unrecognized key: "colour"/)]);
    expect(await edit({ id: 'delta' })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: nothing to change']);
    expect(await edit({ id: 'delta', title: 'x'.repeat(1001) })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field title: a title has at most 1000 characters']);
    expect(await edit({ id: 'delta', addTags: Array.from({ length: 201 }, (_, i) => `t${i}`) })).toEqual([ErrorCodes.BadRequest, 'a session has at most 200 tags (this would make 202)']);
    expect(await edit(null)).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field id: Invalid input: expected string, received undefined']);
    expect(await rpcError(() => h['machine.rename']({ name: '../etc' } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/^machine\.rename: field name: must be 1-64/)]);
  });
});
