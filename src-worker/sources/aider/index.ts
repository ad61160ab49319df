/**
 * Aider. Format notes: shared/docs/agent-log-formats.md section 7. Aider writes its history into
 * each repository (`.aider.chat.history.md` beside `.git`), so it has no folder of its own: its
 * roots are the configured ones plus every workspace devlog already knows from other agents'
 * sessions (and that workspace's git root), found by the collector (rootsFromWorkspaces).
 */
import type { AppendHandler, FileHandler, SourceAdapter } from '../types.js';
import { AIDER_CHAT_HISTORY } from './file-names.js';
import { parseAiderHistory } from './history-parser.js';

export { AIDER_CHAT_HISTORY } from './file-names.js';

const historyHandler: AppendHandler = { kind: 'append', parseLines: parseAiderHistory };

export function aiderHandlerFor(relPath: string): FileHandler | undefined {
  return relPath === AIDER_CHAT_HISTORY ? historyHandler : undefined;
}

export const aiderAdapter: SourceAdapter = {
  agent: 'aider',
  displayName: 'Aider',
  // No fixed folder: see rootsFromWorkspaces.
  defaultRoots: () => [],
  rootsFromWorkspaces: true,
  // The history file sits in the repository's top folder; nothing below it is read or watched.
  maxDepth: 0,
  parserVersion: 1,
  handlerFor: aiderHandlerFor,
};
