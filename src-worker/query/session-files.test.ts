import { afterEach, describe, expect, it } from 'vitest';
import { openWritableDb } from '../store/database.js';
import { MIGRATIONS, migrate } from '../store/migrations/index.js';
import { sessionFiles } from './session-files.js';
import { querySessions } from './sessions.js';
import { getStats } from './stats.js';
import { rec, TestStore } from './test-store.js';
import { PriceTable } from './prices.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

const patch = (body: string) => JSON.stringify({ patch: `*** Begin Patch\n${body}\n*** End Patch` });

/** Three agents' sessions in two workspaces, each touching files with its own tools. */
function storeWithTouches(): TestStore {
  const store = new TestStore();
  stores.push(store);
  store.commit('claude-code', 'a.jsonl', {
    sessions: [rec.session('cc-1', { workspace: '/home/me/app', startedAt: '2026-01-01T10:00:00Z' })],
    toolCalls: [
      rec.toolCall('cc-1', 't1', { name: 'Read', input: { file_path: '/home/me/app/src/a.ts' }, time: '2026-01-01T10:01:00Z' }),
      rec.toolCall('cc-1', 't2', { name: 'Edit', input: { file_path: '/home/me/app/src/a.ts', old_string: 'x', new_string: 'y' }, time: '2026-01-01T10:02:00Z' }),
      rec.toolCall('cc-1', 't3', { name: 'Edit', input: { file_path: '/home/me/app/src/a.ts', old_string: 'y', new_string: 'z' }, time: '2026-01-01T10:03:00Z' }),
      rec.toolCall('cc-1', 't4', { name: 'Read', input: { file_path: '/home/me/app/README.md' }, time: '2026-01-01T10:04:00Z' }),
      rec.toolCall('cc-1', 't5', { name: 'Bash', input: { command: 'npm test' }, time: '2026-01-01T10:05:00Z' }),
    ],
  });
  store.commit('codex', 'b.jsonl', {
    sessions: [rec.session('cx-1', { workspace: '/home/me/app', startedAt: '2026-01-02T10:00:00Z' })],
    toolCalls: [rec.toolCall('cx-1', 'c1', { name: 'apply_patch', input: JSON.parse(patch('*** Add File: src/b.ts\n+x')) as unknown, time: '2026-01-02T10:01:00Z' })],
  });
  store.commit('gemini', 'c.json', {
    sessions: [rec.session('gm-1', { workspace: '/home/me/other', startedAt: '2026-01-03T10:00:00Z' })],
    toolCalls: [
      rec.toolCall('gm-1', 'g1', { name: 'replace', input: { file_path: '/home/me/other/src/a.ts', old_string: 'a', new_string: 'b' }, time: '2026-01-03T10:01:00Z' }),
      rec.toolCall('gm-1', 'g2', { name: 'read_file', input: { file_path: '/home/me/app/src/b.ts' }, time: '2026-01-03T10:02:00Z' }),
    ],
  });
  return store;
}

const filtered = (store: TestStore, file: string, extra: object = {}) =>
  querySessions(store.reader(), { file, ...extra }, { home: '/home/me' }).sessions.map((s) => s.id);

describe('sessions.files: the files a session touched', () => {
  it('lists each file once with its actions, tool call count and times, changed files first', () => {
    const store = storeWithTouches();
    expect(sessionFiles(store.reader(), 'claude-code:cc-1').files).toEqual([
      { path: '/home/me/app/src/a.ts', actions: ['read', 'edit'], count: 3, firstTime: '2026-01-01T10:01:00Z', lastTime: '2026-01-01T10:03:00Z' },
      { path: '/home/me/app/README.md', actions: ['read'], count: 1, firstTime: '2026-01-01T10:04:00Z', lastTime: '2026-01-01T10:04:00Z' },
    ]);
  });

  it('resolves a patch\'s relative paths against the session workspace', () => {
    const store = storeWithTouches();
    expect(sessionFiles(store.reader(), 'cx-1').files.map((f) => [f.path, f.actions])).toEqual([['/home/me/app/src/b.ts', ['write']]]);
  });

  it('follows a tool call whose input changed, and forgets a deleted one', () => {
    const store = storeWithTouches();
    store.commit('claude-code', 'a.jsonl', {
      toolCalls: [rec.toolCall('cc-1', 't4', { name: 'Write', input: { file_path: '/home/me/app/NOTES.md', content: '' } })],
    });
    const paths = () => sessionFiles(store.reader(), 'claude-code:cc-1').files.map((f) => `${f.actions.join('+')} ${f.path}`);
    expect(paths()).toEqual(['write /home/me/app/NOTES.md', 'read+edit /home/me/app/src/a.ts']);
    store.engine.db.prepare("DELETE FROM tool_calls WHERE id IN ('claude-code:t2', 'claude-code:t3')").run();
    expect(paths()).toEqual(['write /home/me/app/NOTES.md', 'read /home/me/app/src/a.ts']);
  });

  it('says which session id is unknown', () => {
    const store = storeWithTouches();
    expect(() => sessionFiles(store.reader(), 'nope-nope')).toThrow(/no session with id "nope-nope"/);
  });
});

describe('the file filter: sessions whose tool calls changed a file', () => {
  it('takes an absolute path, a ~ path or a workspace-relative one; reading alone does not count', () => {
    const store = storeWithTouches();
    expect(filtered(store, '/home/me/app/src/a.ts')).toEqual(['claude-code:cc-1']);
    expect(filtered(store, '~/app/src/a.ts')).toEqual(['claude-code:cc-1']);
    // Relative: the same path inside any workspace (two projects both have src/a.ts).
    expect(filtered(store, 'src/a.ts')).toEqual(['gemini:gm-1', 'claude-code:cc-1']);
    expect(filtered(store, './src/b.ts')).toEqual(['codex:cx-1']);
    expect(filtered(store, '/home/me/app/README.md')).toEqual([]);
  });

  it('takes a folder for every file below it, not a sibling with the same prefix', () => {
    const store = storeWithTouches();
    expect(filtered(store, '/home/me/app/src/')).toEqual(['codex:cx-1', 'claude-code:cc-1']);
    expect(filtered(store, 'src')).toEqual(['gemini:gm-1', 'codex:cx-1', 'claude-code:cc-1']);
    expect(filtered(store, '/home/me/app/sr')).toEqual([]);
  });

  it('combines with the other filters and search, and leaves hidden sessions out', () => {
    const store = storeWithTouches();
    expect(filtered(store, 'src/a.ts', { agents: ['gemini'] })).toEqual(['gemini:gm-1']);
    expect(filtered(store, 'src/a.ts', { search: 'replace' })).toEqual(['gemini:gm-1']);
    store.engine.db.prepare("INSERT INTO session_meta(session_id, hidden, updated_at, updated_by, seq) VALUES ('gemini:gm-1', 1, 'x', 'x', 999)").run();
    expect(filtered(store, 'src/a.ts')).toEqual(['claude-code:cc-1']);
    expect(filtered(store, 'src/a.ts', { includeHidden: true })).toEqual(['gemini:gm-1', 'claude-code:cc-1']);
  });

  it('counts the same sessions in stats', () => {
    const store = storeWithTouches();
    const stats = getStats(store.reader(), { file: 'src/b.ts', by: 'agent' }, new PriceTable());
    expect(stats.groups.map((g) => g.key)).toEqual(['codex']);
  });

  it('rejects a path that cannot be in a workspace, naming the field', () => {
    const store = storeWithTouches();
    expect(() => filtered(store, '../x')).toThrow(/--file: "..\/x" is not a path inside a workspace/);
    expect(() => filtered(store, '  ')).toThrow(/--file: a path is required/);
  });
});

describe('migration 0008 on an existing store', () => {
  it('fills the file list from tool calls stored before it', () => {
    const store = new TestStore();
    stores.push(store);
    const db = openWritableDb(`${store.home}/old.db`);
    migrate(db, MIGRATIONS.filter((m) => m.version < 8));
    db.exec(`INSERT INTO sessions(id, agent, native_id, origin_machine, workspace, seq) VALUES ('codex:old', 'codex', 'old', 'm', '/w', 1);
             INSERT INTO tool_calls(id, session_id, name, input, hash, seq) VALUES ('codex:c', 'codex:old', 'apply_patch', '${patch('*** Update File: lib/x.py')}', 'h', 2);`);
    migrate(db);
    const rows = db.prepare('SELECT path, rel_path, action FROM file_touches').all();
    db.close();
    expect(rows).toEqual([{ path: '/w/lib/x.py', rel_path: 'lib/x.py', action: 'edit' }]);
  });
});
