import os from 'node:os';
import path from 'node:path';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { CHANGING_ACTIONS } from './session-files.js';

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;
const CHANGED = CHANGING_ACTIONS.map((a) => `'${a}'`).join(', ');

/**
 * SQL on `file_touches ft` for "this file": an absolute path (or `~/…`) is compared with the
 * stored absolute path, anything else with the path inside the session's workspace. A folder
 * also matches the files below it. Both use an index range.
 */
export function fileMatchSql(file: string, home: string = os.homedir()): { where: string; params: Record<string, string> } {
  let given = file.trim();
  if (given === '') throw new DevlogError(ErrorCodes.BadRequest, '--file: a path is required', 'file');
  if (given.includes('\0')) throw new DevlogError(ErrorCodes.BadRequest, '--file: the path contains a NUL character', 'file');
  if (given === '~' || given.startsWith('~/')) given = path.join(home, given.slice(1));
  const windows = WINDOWS_ABSOLUTE.test(given);
  const absolute = windows || path.posix.isAbsolute(given);
  let key: string;
  let sep = '/';
  if (!absolute) {
    key = path.posix.normalize(given.replace(/\\/g, '/')).replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (key === '' || key === '.' || key.startsWith('../')) {
      throw new DevlogError(ErrorCodes.BadRequest, `--file: "${file}" is not a path inside a workspace (give it relative to the workspace, or absolute)`, 'file');
    }
  } else if (windows) {
    key = path.win32.normalize(given).replace(/(?<=.)\\+$/, '');
    sep = '\\';
  } else {
    key = path.posix.normalize(given).replace(/(?<=.)\/+$/, '');
  }
  const column = absolute ? 'path' : 'rel_path';
  // `below`: the range of paths that start with key + separator ('0' and ']' follow '/' and '\').
  const params = { f_file: key, f_file_below: key === sep ? sep : key + sep, f_file_end: key === sep ? String.fromCharCode(sep.charCodeAt(0) + 1) : key + String.fromCharCode(sep.charCodeAt(0) + 1) };
  return { where: `(ft.${column} = @f_file OR (ft.${column} >= @f_file_below AND ft.${column} < @f_file_end))`, params };
}

/** SQL on `sessions s` for "sessions whose tool calls changed this file" (see fileMatchSql for the path). */
export function fileFilterSql(file: string, home: string = os.homedir()): { where: string; params: Record<string, string> } {
  const match = fileMatchSql(file, home);
  return { where: `s.id IN (SELECT ft.session_id FROM file_touches ft WHERE ${match.where} AND ft.action IN (${CHANGED}))`, params: match.params };
}
