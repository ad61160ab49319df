import type BetterSqlite3 from 'better-sqlite3';
import { loadSqlite } from '../../native.js';

/**
 * Copies a store into a new file the way `sqlite3 .dump | sqlite3` or `.recover` does: the
 * schema, then every table's columns row by row. A rowid that is not a declared column is not
 * copied and gets renumbered, so only tables with an explicit INTEGER PRIMARY KEY keep them.
 */
export function copyRowByRow(source: BetterSqlite3.Database, target: string): BetterSqlite3.Database {
  const Database = loadSqlite();
  const db = new Database(target);
  // Shadow tables of FTS5 are write-protected in the default (defensive) mode; a dump writes them.
  db.unsafeMode(true);
  db.prepare('ATTACH DATABASE ? AS src').run(source.name);
  const schema = db
    .prepare(`SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid`)
    .all() as Array<{ type: string; name: string; sql: string }>;
  const virtual = schema.filter((s) => s.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(s.sql)).map((s) => s.name);
  // Asked only of tables: the triggers that keep an index in step share its name prefix.
  const isShadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  db.transaction(() => {
    for (const s of schema) if (s.type === 'table' && !isShadow(s.name)) db.exec(s.sql);
    for (const s of schema) {
      if (s.type !== 'table' || virtual.includes(s.name)) continue;
      // Creating a virtual table made its shadow tables with a first row or two: the copy replaces them.
      if (isShadow(s.name)) db.exec(`DELETE FROM main."${s.name}"`);
      db.exec(`INSERT INTO main."${s.name}" SELECT * FROM src."${s.name}"`);
    }
    for (const s of schema) if (s.type === 'index' || s.type === 'trigger' || s.type === 'view') db.exec(s.sql);
  })();
  db.exec('DETACH DATABASE src');
  db.unsafeMode(false);
  db.pragma(`user_version = ${source.pragma('user_version', { simple: true }) as number}`);
  return db;
}
