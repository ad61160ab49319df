import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, type DevlogError } from '../../src-shared/errors.js';
import { writeSampleSessions } from '../query/sample-sessions.js';
import { TestStore } from '../query/test-store.js';
import { createHandlers } from './index.js';

describe('sessions.editMeta and machine.* handlers (what the UI calls)', () => {
  let store: TestStore;
  beforeAll(() => {
    store = new TestStore();
    writeSampleSessions(store);
  });
  afterAll(() => store.dispose());
  const ctx = { connectionId: 1, signal: new AbortController().signal };

  it('edit a session; the query thread sees the edit at once', async () => {
    const h = createHandlers(store.engine);
    const view = await h['sessions.editMeta']({ id: 'delta', title: 'Notes cleanup', addTags: ['docs'], starred: true }, ctx);
    expect(view).toMatchObject({ sessionId: 'copilot-chat:delta-4', title: 'Notes cleanup', tags: ['docs'], starred: true, version: 1, updatedBy: store.engine.machineId });
    const listed = await h['sessions.query']({ tags: ['docs'], starred: true }, ctx);
    expect(listed.sessions.map((s) => [s.id, s.title, s.titleSource, s.tags, s.starred])).toEqual([['copilot-chat:delta-4', 'Notes cleanup', 'user', ['docs'], true]]);
    expect((await h['machine.get'](undefined, ctx)).id).toBe(store.engine.machineId);
  });

  it('reject malformed params with BAD_REQUEST naming the field', async () => {
    const h = createHandlers(store.engine);
    const codeOf = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (err) {
        return [(err as DevlogError).code, (err as DevlogError).message];
      }
      return ['no error'];
    };
    const edit = (params: unknown) => codeOf(() => h['sessions.editMeta'](params as never, ctx));
    expect(await edit({ id: 'delta', addTags: 'docs' })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field addTags: Invalid input: expected array, received string']);
    expect(await edit({ id: 'delta', starred: 1 })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field starred: Invalid input: expected boolean, received number']);
    expect(await edit({ id: 'delta', colour: 'red' })).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/^sessions\.editMeta: field \(params\): Unrecognized key: "colour"/)]);
    expect(await edit({ id: 'delta' })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: nothing to change']);
    expect(await edit({ id: 'delta', title: 'x'.repeat(1001) })).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field title: a title has at most 1000 characters']);
    expect(await edit({ id: 'delta', addTags: Array.from({ length: 201 }, (_, i) => `t${i}`) })).toEqual([ErrorCodes.BadRequest, 'a session has at most 200 tags (this would make 202)']);
    expect(await edit(null)).toEqual([ErrorCodes.BadRequest, 'sessions.editMeta: field id: Invalid input: expected string, received undefined']);
    expect(await codeOf(() => h['machine.rename']({ name: '../etc' } as never, ctx))).toEqual([ErrorCodes.BadRequest, expect.stringMatching(/^machine\.rename: field name: must be 1-64/)]);
  });
});
