import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { homePaths } from '../paths.js';
import { openWritableDb } from '../store/database.js';
import { EngineLock } from '../store/lock.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../store/migrations/index.js';
import { useTempHome } from '../testing/temp-home.js';
import { openStoreReadOnly } from './open-store.js';

describe('openStoreReadOnly', () => {
  const tempHome = useTempHome();

  function oldStore(): ReturnType<typeof homePaths> {
    const paths = homePaths(tempHome());
    const db = openWritableDb(paths.db);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.close();
    return paths;
  }

  it('says there is no store yet', () => {
    expect(() => openStoreReadOnly(homePaths(path.join(tempHome(), 'none')))).toThrow(/no devlog store in .* yet/);
  });

  it('upgrades a store of an older schema when no engine holds it', () => {
    const paths = oldStore();
    const db = openStoreReadOnly(paths);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT count(*) AS n FROM messages_fts').get()).toEqual({ n: 0 });
      expect(db.readonly).toBe(true);
    } finally {
      db.close();
    }
    expect(fs.existsSync(paths.lock)).toBe(true);
  });

  it('asks to restart an older engine that still holds the store', () => {
    const paths = oldStore();
    const lock = EngineLock.acquire(paths.lock);
    try {
      let caught: unknown;
      try {
        openStoreReadOnly(paths);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DevlogError);
      expect((caught as DevlogError).code).toBe(ErrorCodes.Conflict);
      expect((caught as DevlogError).message).toMatch(/restart `devlog start`/);
    } finally {
      lock.release();
    }
  });
});
