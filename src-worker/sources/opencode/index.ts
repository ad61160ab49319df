/**
 * OpenCode (sst/opencode, now anomalyco/opencode). Its data folder is `$XDG_DATA_HOME/opencode`
 * (xdg-basedir: `~/.local/share/opencode` on Linux, macOS and Windows alike). Newer releases keep
 * sessions in the SQLite database `opencode.db` there (`opencode-<channel>.db` for other
 * channels); older ones in JSON files under `storage/`, which the first newer start copies into
 * the database (same ids, so both give the same sessions once).
 */
import path from 'node:path';
import { emptyBatch, type FileHandler, type PlatformInfo, type SourceAdapter, type SqliteHandler } from '../types.js';
import { RetryLaterError } from '../types.js';
import { readOpencodeDb } from './database.js';
import { messageFileHandler, partFileHandler, sessionFileHandler } from './json-storage.js';

/** OpenCode's Global.Path.data: xdg-basedir's data folder + 'opencode', the same rule on every OS (no %LOCALAPPDATA%). */
export function opencodeRoots(p: PlatformInfo): string[] {
  const home = p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home;
  return [path.join(p.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'opencode')];
}

const databaseHandler: SqliteHandler = {
  kind: 'sqlite',
  companions: ['-wal', '-journal'],
  readDatabase(db, file, state) {
    const batch = emptyBatch();
    try {
      readOpencodeDb(db, file, state, batch);
    } catch (err) {
      // OpenCode holding a write lock is "try again shortly", not a failure.
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED')) throw new RetryLaterError(`OpenCode database is locked (${code})`);
      throw err;
    }
    return batch;
  },
};

const DATABASE = /^opencode(-[A-Za-z0-9._-]+)?\.db$/;
const SESSION_FILE = /^storage\/session\/[^/]+\/[^/]+\.json$/;
const MESSAGE_FILE = /^storage\/message\/[^/]+\/[^/]+\.json$/;
const PART_FILE = /^storage\/part\/[^/]+\/[^/]+\.json$/;

export function opencodeHandlerFor(relPath: string): FileHandler | undefined {
  if (DATABASE.test(relPath)) return databaseHandler;
  if (SESSION_FILE.test(relPath)) return sessionFileHandler;
  if (MESSAGE_FILE.test(relPath)) return messageFileHandler;
  if (PART_FILE.test(relPath)) return partFileHandler;
  return undefined;
}

export const opencodeAdapter: SourceAdapter = {
  agent: 'opencode',
  displayName: 'OpenCode',
  defaultRoots: opencodeRoots,
  // storage/part/<messageID>/<partID>.json: files sit three folders below the root.
  maxDepth: 3,
  parserVersion: 1,
  handlerFor: opencodeHandlerFor,
};
