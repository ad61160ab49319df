import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a touched file is: `path` absolute when it can be, `relPath` inside the workspace. */
export interface TouchPath {
  path: string;
  /** Relative to the session's workspace with '/' separators; null for a file outside it. */
  relPath: string | null;
}

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;

/** The path module that fits a path: Windows paths keep their separators and drive letters. */
function flavourOf(p: string): typeof path.posix {
  return WINDOWS_ABSOLUTE.test(p) ? path.win32 : path.posix;
}

function fromUri(raw: string): string | null {
  if (!raw.startsWith('file://')) return raw;
  try {
    // file:///c%3A/x → c:\x on Windows paths, /x elsewhere, whatever OS this runs on.
    const windows = /^file:\/\/\/[A-Za-z](:|%3A)/i.test(raw);
    return fileURLToPath(raw, { windows });
  } catch {
    return null;
  }
}

/**
 * Normalizes a path a tool call named against the session's workspace: a relative path joins
 * the workspace; an absolute one inside the workspace also gets its relative form, so the file
 * filter can take either. Null for something that is not a usable path.
 */
export function resolveTouchPath(raw: string, workspace: string | null): TouchPath | null {
  const given = fromUri(raw.trim());
  if (!given || given.includes('\0')) return null;
  const ws = workspace && (path.posix.isAbsolute(workspace) || WINDOWS_ABSOLUTE.test(workspace)) ? workspace : null;
  const absolute = path.posix.isAbsolute(given) || WINDOWS_ABSOLUTE.test(given);
  if (!absolute) {
    const rel = path.posix.normalize(given.replace(/\\/g, '/')).replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (rel === '' || rel === '.' || rel.startsWith('../')) return ws ? { path: flavourOf(ws).join(ws, given), relPath: null } : null;
    return { path: ws ? flavourOf(ws).join(ws, rel) : rel, relPath: rel };
  }
  const flavour = flavourOf(given);
  const full = flavour.normalize(given).replace(/(?<=.)[\\/]+$/, '');
  if (!ws || flavourOf(ws) !== flavour) return { path: full, relPath: null };
  const rel = flavour.relative(flavour.normalize(ws), full);
  const inside = rel !== '' && !rel.startsWith('..') && !flavour.isAbsolute(rel);
  return { path: full, relPath: inside ? rel.split(flavour.sep).join('/') : null };
}
