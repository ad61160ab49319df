import { compareMeta } from '../../src-shared/meta-order.js';
import type { WritableDb } from '../store/database.js';
import type { SeqAllocator } from '../store/seq.js';
import { readSessionMeta, writeSessionMeta, type SessionMeta } from './session-meta-row.js';

export type ApplyOutcome = 'applied' | 'stale' | 'duplicate';

/**
 * Takes another machine's metadata for a session (pulled from a remote) if it wins
 * last-writer-wins against what the store has (the same order the server uses). Only a win
 * writes, with a new local seq. The session itself need not be here yet: a tombstone that
 * arrives first still keeps the session deleted when its content follows.
 */
export function applyRemoteMeta(db: WritableDb, seq: SeqAllocator, record: SessionMeta): ApplyOutcome {
  return seq.transaction(() => {
    const current = readSessionMeta(db, record.id);
    if (current) {
      const order = compareMeta(record, current);
      if (order === 0) return 'duplicate';
      if (order < 0) return 'stale';
    }
    writeSessionMeta(db, seq, record);
    return 'applied';
  });
}
