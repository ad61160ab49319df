import { DevlogError, ErrorCodes } from '../../../src-shared/errors.js';
import type { WritableDb } from '../database.js';
import { migration0001Core } from './0001-core.js';
import { migration0002Fulltext } from './0002-fulltext.js';
import { migration0003Repair } from './0003-repair.js';
import { migration0004RawRecords } from './0004-raw-records.js';
import { migration0005StatsRollups } from './0005-stats-rollups.js';
import { migration0006Export } from './0006-export.js';
import { migration0007Agents } from './0007-agents.js';
import { migration0008SearchFiles } from './0008-search-files.js';
import { migration0009PullCursors } from './0009-pull-cursors.js';

export interface Migration {
  version: number;
  name: string;
  up(db: WritableDb): void;
}

/** The ordered list of schema steps. Append only; never edit a step that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', up: migration0001Core },
  { version: 2, name: 'fulltext', up: migration0002Fulltext },
  { version: 3, name: 'repair', up: migration0003Repair },
  { version: 4, name: 'raw-records', up: migration0004RawRecords },
  { version: 5, name: 'stats-rollups', up: migration0005StatsRollups },
  { version: 6, name: 'export', up: migration0006Export },
  { version: 7, name: 'agents', up: migration0007Agents },
  { version: 8, name: 'search-files', up: migration0008SearchFiles },
  { version: 9, name: 'pull-cursors', up: migration0009PullCursors },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export class DatabaseTooNewError extends DevlogError {
  constructor(found: number, supported: number) {
    super(
      ErrorCodes.Conflict,
      `the store was written by a newer devlog (schema ${found}, this build knows up to ${supported}); update devlog`,
    );
  }
}

/** Brings the database to SCHEMA_VERSION, one transaction per step, tracked in user_version. */
export function migrate(db: WritableDb, migrations: readonly Migration[] = MIGRATIONS): number {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`migration versions must increase: ${migrations[i - 1]!.version} then ${migrations[i]!.version}`);
    }
  }
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return latest;
}
