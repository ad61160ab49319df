import fs from 'node:fs';
import path from 'node:path';

/** The data folder holds every transcript: only its owner may list or read it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const windows = process.platform === 'win32'; // Modes mean little there; ACLs of the profile folder apply.

/**
 * chmod that tolerates a file vanishing meanwhile (SQLite removes -wal/-shm on close), a file
 * of another owner (theirs to protect) and read-only media (nothing can be written there).
 */
function tighten(file: string, mode: number): void {
  try {
    const stat = fs.statSync(file);
    if ((stat.mode & 0o777) !== mode) fs.chmodSync(file, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EPERM' || code === 'EROFS') return;
    throw new Error(`${file}: cannot make it private to its owner (${code ?? (err as Error).message})`);
  }
}

/**
 * Makes DEVLOG_HOME owner-only, creating it if needed, and tightens the files devlog keeps in it
 * (an older devlog or the user may have left them readable by everyone).
 */
export function makeHomePrivate(home: string): void {
  fs.mkdirSync(home, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (windows) return;
  tighten(home, PRIVATE_DIR_MODE);
  for (const name of fs.readdirSync(home)) {
    const file = path.join(home, name);
    if (fs.lstatSync(file).isFile()) tighten(file, PRIVATE_FILE_MODE);
  }
}

/**
 * Creates `file` empty and owner-only if it does not exist, so that SQLite (which creates files
 * 0644, and gives -wal/-shm the database's mode) opens a private file.
 */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  if (!windows) tighten(file, PRIVATE_FILE_MODE);
}

/** The database and its WAL side files, owner-only. */
export function makeStoreFilesPrivate(dbFile: string): void {
  if (windows) return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) tighten(dbFile + suffix, PRIVATE_FILE_MODE);
}
