import fs from 'node:fs';
import path from 'node:path';
import type { FileHandler } from '../sources/types.js';
import type { SourceRoot } from './roots.js';

export interface DiscoveredFile extends SourceRoot {
  path: string;
  relPath: string;
  handler: FileHandler;
  size: number;
  mtimeMs: number;
  ino: number;
}

function specialKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  return 'device';
}

/** Entries walked per event-loop turn during discovery (a stat each: well under 50 ms). */
const YIELD_EVERY_ENTRIES = 500;

export function toRelPath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Every file of an agent under one root, walking at most adapter.maxDepth levels. Unreadable
 * folders are reported through onError and skipped; symlinked folders are not followed (loops).
 * Synchronous on purpose: thousands of stats through the async thread pool cost more than the
 * stats themselves (metadata comes from the kernel's cache).
 */
export async function discoverFiles(
  source: SourceRoot,
  onError: (dir: string, err: Error) => void,
  onSpecial: (path: string, reason: string) => void = () => undefined,
): Promise<DiscoveredFile[]> {
  const found: DiscoveredFile[] = [];
  let seen = 0;
  // `dirsDeep`: how many folders below the root `dir` is (the root itself is 0).
  const walk = async (dir: string, dirsDeep: number): Promise<void> => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onError(dir, err as Error);
      return;
    }
    for (const entry of entries) {
      // A huge agent folder is walked over many event-loop turns: the engine keeps answering.
      if (++seen % YIELD_EVERY_ENTRIES === 0) await new Promise((resolve) => setImmediate(resolve));
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (dirsDeep < source.adapter.maxDepth) await walk(full, dirsDeep + 1);
        continue;
      }
      const relPath = toRelPath(source.root, full);
      const handler = source.adapter.handlerFor(relPath);
      if (!handler) continue;
      try {
        const stat = fs.statSync(full);
        if (stat.isFile()) found.push({ ...source, path: full, relPath, handler, size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino });
        // A FIFO, socket or device named like a session file: reading it could block forever.
        else if (!stat.isDirectory()) onSpecial(full, `${full} is not a regular file (${specialKind(stat)}): skipped`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onError(full, err as Error);
      }
    }
  };
  await walk(source.root, 0);
  return found;
}
