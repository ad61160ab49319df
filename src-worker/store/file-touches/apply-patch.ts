import type { FileAction } from '../../../src-shared/contract/index.js';

/** A file named in a patch and what the patch does to it (paths as the patch wrote them). */
export interface PatchTouch {
  path: string;
  action: FileAction;
}

// Codex's apply_patch envelope: `*** Begin Patch`, then per file one of these headers.
const HEADER = /^\*\*\* (Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm;
const ACTIONS: Record<string, FileAction> = { Add: 'write', Update: 'edit', Delete: 'delete' };

/**
 * The files a Codex `apply_patch` text touches. A `Move to:` line renames the file of the
 * header before it: the old path is moved away, the new one written.
 */
export function patchTouches(patch: string): PatchTouch[] {
  if (!patch.includes('*** Begin Patch')) return [];
  const out: PatchTouch[] = [];
  for (const m of patch.matchAll(HEADER)) {
    if (m[3] !== undefined) {
      const moved = out[out.length - 1];
      if (moved) moved.action = 'move';
      out.push({ path: m[3].trim(), action: 'move' });
    } else {
      out.push({ path: m[2]!.trim(), action: ACTIONS[m[1]!]! });
    }
  }
  return out.filter((t) => t.path !== '');
}
