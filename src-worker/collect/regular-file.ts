import fs from 'node:fs';

/** Thrown for a FIFO, socket or device where an agent's file was expected. Never retried. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(path: string, kind: string) {
    super(`${path} is a ${kind}, not a regular file: skipped`);
    this.name = 'NotRegularFileError';
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  if (stat.isDirectory()) return 'folder';
  return 'special file';
}

// O_NONBLOCK: opening a FIFO for reading would otherwise block until a writer appears (forever).
// It changes nothing for regular files. Windows has neither FIFOs in this sense nor the flag.
const OPEN_FLAGS = fs.constants.O_NONBLOCK !== undefined ? fs.constants.O_RDONLY | fs.constants.O_NONBLOCK : 'r';

/** Opens a file for reading only if it is a regular file; returns the fd and its stat. */
export function openRegularFile(path: string): { fd: number; stat: fs.Stats } {
  const fd = fs.openSync(path, OPEN_FLAGS);
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new NotRegularFileError(path, kindOf(stat));
  }
  return { fd, stat };
}

/** Reads a whole regular file (never blocks on a FIFO). */
export function readRegularFile(path: string): { content: Buffer; stat: fs.Stats } {
  const { fd, stat } = openRegularFile(path);
  try {
    return { content: fs.readFileSync(fd), stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** Throws NotRegularFileError unless `path` is a regular file (for files opened by a library). */
export function assertRegularFile(path: string): fs.Stats {
  const stat = fs.statSync(path);
  if (!stat.isFile()) throw new NotRegularFileError(path, kindOf(stat));
  return stat;
}
