import fs from 'node:fs';
import Database from 'better-sqlite3';
import { MB } from './stats.js';

/**
 * Where a store's bytes are: each table and index by its pages (SQLite's dbstat), largest first,
 * plus the WAL file beside it. What to shrink when the store is larger than its target.
 */
export function storeTableSizes(dbPath: string, top = 15): { walMb: number; tables: Array<{ name: string; mb: number; share: number }> } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as Array<{ name: string; bytes: number }>;
    const total = rows.reduce((a, r) => a + r.bytes, 0) || 1;
    const wal = fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0;
    return {
      walMb: Math.round((wal / MB) * 10) / 10,
      tables: rows.slice(0, top).map((r) => ({ name: r.name, mb: Math.round((r.bytes / MB) * 10) / 10, share: Math.round((r.bytes / total) * 1000) / 1000 })),
    };
  } finally {
    db.close();
  }
}

export function formatTableSizes(s: ReturnType<typeof storeTableSizes>): string {
  return `${s.tables.map((t) => `${t.name} ${t.mb} MB (${Math.round(t.share * 100)}%)`).join(', ')}; WAL ${s.walMb} MB`;
}
