import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexAdapter } from './index.js';

describe('codexAdapter', () => {
  it('uses every CODEX_HOME entry, else ~/.codex', () => {
    expect(codexAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: { CODEX_HOME: '/a/codex, /b/codex' } })).toEqual(['/a/codex', '/b/codex']);
    expect(codexAdapter.defaultRoots({ platform: 'darwin', home: '/Users/u', env: {} })).toEqual(['/Users/u/.codex']);
    expect(codexAdapter.defaultRoots({ platform: 'win32', home: 'C:\\Users\\u', env: { USERPROFILE: 'C:\\Users\\u' } })).toEqual([path.join('C:\\Users\\u', '.codex')]);
  });

  it('reads dated, archived and flat rollouts as append-only, TypeScript CLI .json as whole files', () => {
    const kind = (rel: string) => codexAdapter.handlerFor(rel)?.kind;
    expect(kind('sessions/2025/09/19/rollout-2025-09-19T09-02-12-01996135-afde-7911-97f0-d863511eca56.jsonl')).toBe('append');
    expect(kind('archived_sessions/rollout-2025-09-19T09-02-12-01996135-afde-7911-97f0-d863511eca56.jsonl')).toBe('append');
    expect(kind('sessions/rollout-2025-05-07T17-24-21-5973b6c0-94b8-487b-a530-2aeb6098ae0e.jsonl')).toBe('append');
    expect(kind('sessions/rollout-2025-04-20-5973b6c0-94b8-487b-a530-2aeb6098ae0e.json')).toBe('whole');
    expect(kind('sessions/2025/09/19/notes.jsonl')).toBeUndefined();
    expect(kind('history.jsonl')).toBeUndefined();
    expect(kind('log/codex-tui.log')).toBeUndefined();
    expect(kind('sessions/2025/09/19/rollout-x.json')).toBeUndefined();
  });
});
