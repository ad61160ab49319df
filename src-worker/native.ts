import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type * as Keytar from 'keytar';

/**
 * Native modules are built for one ABI. Tests, CLI and headless use node_modules (Node's ABI);
 * `npm start` on a desktop points DEVLOG_NATIVE_DIR at Electron-ABI copies made by
 * `npm run electron:rebuild`, so one checkout serves both without rebuilding back and forth.
 */
const require = createRequire(import.meta.url);

function nativeDir(): string | undefined {
  const dir = process.env.DEVLOG_NATIVE_DIR?.trim();
  return dir ? path.resolve(dir) : undefined;
}

export function loadSqlite(): typeof BetterSqlite3 {
  // URI filenames (read once, when the addon loads) let a store on read-only media be opened
  // with `immutable=1` (store/database.ts). Our paths are absolute, never `file:` by accident.
  process.env.SQLITE_USE_URI ??= '1';
  const dir = nativeDir();
  return (dir ? require(path.join(dir, 'node_modules', 'better-sqlite3')) : require('better-sqlite3')) as typeof BetterSqlite3;
}

export function loadKeytar(): typeof Keytar {
  const dir = nativeDir();
  return (dir ? require(path.join(dir, 'node_modules', 'keytar')) : require('keytar')) as typeof Keytar;
}
