import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WireSessionMeta } from '../../src-shared/sync-wire.js';
import { openWritableDb } from '../store/database.js';
import { migrate } from '../store/migrations/index.js';
import { SeqAllocator } from '../store/seq.js';
import { useTempHome } from '../testing/temp-home.js';
import { applyLocalEdit, applyRemoteMeta, readSessionMeta } from './index.js';

function meta(nativeId: string, version: number, over: Partial<WireSessionMeta> = {}): WireSessionMeta {
  return { kind: 'session_meta', id: `claude-code:${nativeId}`, version, updatedAt: '2025-01-03T00:00:00.000Z', updatedBy: 'machine-1', title: null, tags: [], starred: false, hidden: false, deleted: false, ...over };
}

describe('applyLocalEdit', () => {
  const tempHome = useTempHome();

  it('bumps the version, stamps this machine, merges tags, and beats the edit it saw', () => {
    const db = openWritableDb(path.join(tempHome(), 'devlog.db'));
    migrate(db);
    const seq = new SeqAllocator(db);
    expect(applyRemoteMeta(db, seq, meta('s', 4, { updatedBy: 'other', updatedAt: '2030-01-01T00:00:00.000Z', tags: ['work'] }))).toBe('applied');
    const before = seq.last;
    const now = new Date('2025-06-01T00:00:00.000Z'); // a clock behind the other machine's still wins by version
    const edited = applyLocalEdit(db, seq, 'claude-code:s', { title: '  Fix login  ', addTags: ['bug', 'work'], starred: true }, 'me', now);
    expect(edited).toMatchObject({ version: 5, updatedBy: 'me', updatedAt: now.toISOString(), title: 'Fix login', tags: ['work', 'bug'], starred: true, hidden: false });
    expect(seq.last).toBe(before + 1);
    expect(db.prepare("SELECT seq FROM session_meta WHERE session_id = 'claude-code:s'").pluck().get()).toBe(seq.last);
    const untagged = applyLocalEdit(db, seq, 'claude-code:s', { removeTags: ['work'], title: '' }, 'me');
    expect(untagged).toMatchObject({ version: 6, tags: ['bug'], title: null, starred: true });
    // The other machine's version-5 edit arrives late: it lost to our version 6.
    expect(applyRemoteMeta(db, seq, meta('s', 5, { updatedBy: 'other', title: 'late' }))).toBe('stale');
    expect(readSessionMeta(db, 'claude-code:s')?.title).toBeNull();
    db.close();
  });
});
