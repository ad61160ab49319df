import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../../native.js';
import type { WritableDb } from '../database.js';
import { migrate, MIGRATIONS } from './index.js';
import { schemaText } from './testing/schema-text.js';

/**
 * A shipped migration must never change what it creates: stores in the field already ran it
 * and will never run it again. Each step's resulting schema is compared with a committed
 * snapshot; a new step gets its snapshot written once, on request, and existing ones never.
 */
const SNAPSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema-snapshots');
const THIS_FILE = 'src-worker/store/migrations/schema-snapshot.test.ts';
const UPDATE = process.env.UPDATE_SCHEMA_SNAPSHOTS === '1';

const snapshotFile = (version: number) => path.join(SNAPSHOTS, `${String(version).padStart(4, '0')}.sql`);

function schemaAfter(version: number): string {
  const db = new (loadSqlite())(':memory:') as unknown as WritableDb;
  try {
    migrate(db, MIGRATIONS.filter((m) => m.version <= version));
    return schemaText(db);
  } finally {
    db.close();
  }
}

describe('schema after each migration step', () => {
  for (const step of MIGRATIONS) {
    const file = snapshotFile(step.version);
    const label = `${path.basename(file, '.sql')} (${step.name})`;

    it(`${label} matches its committed snapshot`, () => {
      const actual = schemaAfter(step.version);
      if (!fs.existsSync(file)) {
        if (!UPDATE) {
          expect.fail(
            `no schema snapshot for migration ${label}. Check the schema it makes, then write the snapshot with\n` +
              `  UPDATE_SCHEMA_SNAPSHOTS=1 npx vitest run ${THIS_FILE}\nand commit ${path.relative(process.cwd(), file)}.`,
          );
        }
        fs.mkdirSync(SNAPSHOTS, { recursive: true });
        fs.writeFileSync(file, actual);
        return;
      }
      // Never rewritten, even with UPDATE_SCHEMA_SNAPSHOTS=1: change the schema in a NEW migration.
      expect(
        actual,
        `migration ${label} no longer makes the schema in ${path.relative(process.cwd(), file)}. A migration that has shipped must ` +
          `never change (stores that ran it will not run it again): undo the edit and put the change in a new migration. ` +
          `UPDATE_SCHEMA_SNAPSHOTS=1 only writes snapshots that do not exist yet.`,
      ).toBe(fs.readFileSync(file, 'utf8'));
    });
  }

  it('has no snapshot without a migration', () => {
    const known = new Set(MIGRATIONS.map((m) => path.basename(snapshotFile(m.version))));
    const stray = (fs.existsSync(SNAPSHOTS) ? fs.readdirSync(SNAPSHOTS) : []).filter((f) => !known.has(f));
    expect(stray, `snapshots in ${SNAPSHOTS} for migrations that do not exist`).toEqual([]);
  });
});
