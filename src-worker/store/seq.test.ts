import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWritableDb } from './database.js';
import { migrate } from './migrations/index.js';
import { SeqAllocator } from './seq.js';
import { useTempHome } from '../testing/temp-home.js';

describe('SeqAllocator', () => {
  const tempHome = useTempHome();

  it('hands out increasing numbers that survive a reopen and rewind on rollback', () => {
    const file = path.join(tempHome(), 'devlog.db');
    const db = openWritableDb(file);
    migrate(db);
    const seq = new SeqAllocator(db);
    seq.transaction(() => [seq.take(), seq.take()]);
    expect(seq.last).toBe(2);
    expect(() =>
      seq.transaction(() => {
        seq.take();
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(seq.last).toBe(2);
    expect(seq.transaction(() => seq.take())).toBe(3);
    db.close();
    const reopened = openWritableDb(file);
    const again = new SeqAllocator(reopened);
    expect(again.transaction(() => again.take())).toBe(4);
    reopened.close();
  });
});
