import type { SourceAdapter } from '../types.js';
import { CLAUDE_MAX_DEPTH, classifyClaudeFile } from './file-layout.js';
import { claudeCodeHandler } from './parse-lines.js';
import { claudeDefaultRoots } from './roots.js';

/** Claude Code: append-only JSONL transcripts under `<config dir>/projects/`. */
export const claudeCodeAdapter: SourceAdapter = {
  agent: 'claude-code',
  displayName: 'Claude Code',
  defaultRoots: claudeDefaultRoots,
  maxDepth: CLAUDE_MAX_DEPTH,
  parserVersion: 1,
  handlerFor(relPath: string) {
    return classifyClaudeFile(relPath) ? claudeCodeHandler : undefined;
  },
};
