import type BetterSqlite3 from 'better-sqlite3';

const TYPE_ORDER = ['table', 'index', 'trigger', 'view'];

/**
 * The schema of a store as comparable text: every table, index, trigger and view from
 * sqlite_master (not SQLite's own tables, not the shadow tables FTS5 derives from its virtual
 * tables), comments dropped, whitespace and identifier quoting made uniform, one column or
 * trigger statement per line so a diff points at the change. Sorted by type and name, so the
 * order steps created things in does not matter, only what exists.
 */
export function schemaText(db: BetterSqlite3.Database): string {
  const rows = db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)
    .all() as Array<{ type: string; name: string; sql: string }>;
  const virtual = rows.filter((r) => r.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(r.sql)).map((r) => r.name);
  const isShadow = (r: { type: string; name: string }) => r.type === 'table' && virtual.some((v) => r.name.startsWith(`${v}_`));
  const version = db.pragma('user_version', { simple: true }) as number;
  const statements = rows
    .filter((r) => !isShadow(r))
    .sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((r) => `${layout(normalize(r.sql))};`);
  return `-- user_version ${version}\n\n${statements.join('\n\n')}\n`;
}

function normalize(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, '')
    .replace(/"([A-Za-z_][A-Za-z0-9_]*)"/g, '$1')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .replace(/ ,/g, ',')
    .trim();
}

/** One column per line in CREATE TABLE, one statement per line in a trigger body. */
function layout(sql: string): string {
  if (/^CREATE TRIGGER/i.test(sql)) {
    return sql.replace(/ BEGIN /i, '\nBEGIN\n  ').replace(/; (?!$)/g, ';\n  ').replace(/;? END$/i, ';\nEND');
  }
  if (!/^CREATE (VIRTUAL )?TABLE/i.test(sql)) return sql;
  let depth = 0;
  let out = '';
  for (const ch of sql) {
    if (ch === '(') {
      depth++;
      out += depth === 1 ? '(\n  ' : ch;
    } else if (ch === ')') {
      depth--;
      out += depth === 0 ? '\n)' : ch;
    } else if (ch === ',' && depth === 1) {
      out += ',\n ';
    } else {
      out += ch;
    }
  }
  return out.replace(/\n {2} +/g, '\n  ');
}
