import path from 'node:path';
import type { FileHandler, SourceAdapter } from '../sources/types.js';

export interface LocatedFile {
  root: string;
  relPath: string;
  handler: FileHandler;
}

/**
 * The handler of a stored file, without the file: from the root and relative path kept since
 * migration 0004, or, for files collected before, the longest trailing part of the path that the
 * adapter claims (adapters match anchored relative paths, so the longest match is the real one).
 */
export function locateFile(adapter: SourceAdapter, filePath: string, root: string | null, relPath: string | null): LocatedFile | undefined {
  if (root !== null && relPath !== null) {
    const handler = adapter.handlerFor(relPath);
    return handler ? { root, relPath, handler } : undefined;
  }
  const parts = filePath.split(/[\\/]/);
  for (let n = Math.min(parts.length - 1, adapter.maxDepth + 1); n >= 1; n--) {
    const rel = parts.slice(parts.length - n).join('/');
    const handler = adapter.handlerFor(rel);
    if (handler) return { root: parts.slice(0, parts.length - n).join(path.sep) || path.sep, relPath: rel, handler };
  }
  return undefined;
}
