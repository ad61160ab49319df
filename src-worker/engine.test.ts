import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../src-shared/errors.js';
import { Engine } from './engine.js';
import { openWritableDb } from './store/database.js';
import { DatabaseTooNewError, SCHEMA_VERSION } from './store/migrations/index.js';
import { useTempHome } from './testing/temp-home.js';

describe('Engine', () => {
  const tempHome = useTempHome();

  it('creates the store with the current schema and answers status', () => {
    const home = tempHome();
    const engine = Engine.open({ home });
    try {
      const status = engine.status();
      expect(status.home).toBe(home);
      expect(status.schemaVersion).toBe(SCHEMA_VERSION);
      expect(status.store).toMatchObject({ sessions: 0, messages: 0, lastSeq: 0 });
      expect(fs.existsSync(path.join(home, 'devlog.db'))).toBe(true);
      expect(engine.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      engine.dispose();
    }
  });

  it('keeps the same machine id across restarts', () => {
    const home = tempHome();
    const first = Engine.open({ home });
    const id = first.machineId;
    first.dispose();
    const second = Engine.open({ home });
    expect(second.machineId).toBe(id);
    second.dispose();
  });

  it('refuses a second engine on the same data folder, and allows it once the first stops', () => {
    const home = tempHome();
    const first = Engine.open({ home });
    expect(() => Engine.open({ home })).toThrowError(expect.objectContaining({ code: ErrorCodes.Busy, message: expect.stringMatching(/already running/) }));
    first.dispose();
    const again = Engine.open({ home });
    again.dispose();
  });

  it('names the file and field of a bad config and leaves the file untouched', () => {
    const home = tempHome();
    const file = path.join(home, 'config.json');
    const text = '{ "historyDays": "thirty" }';
    fs.writeFileSync(file, text);
    expect(() => Engine.open({ home })).toThrowError(/config\.json: field historyDays/);
    fs.writeFileSync(file, '{ "historyDays": 3,, }');
    expect(() => Engine.open({ home })).toThrowError(/config\.json: not valid JSON \(line 1, column/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "historyDays": 3,, }');
  });

  it('refuses a store written by a newer devlog instead of corrupting it', () => {
    const home = tempHome();
    const db = openWritableDb(path.join(home, 'devlog.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => Engine.open({ home })).toThrowError(DatabaseTooNewError);
    // The lock was released on the failed open.
    fs.rmSync(path.join(home, 'devlog.db'));
    Engine.open({ home }).dispose();
  });
});
