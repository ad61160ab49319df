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
  // 2: one usage row per billed response with its final counts, odd token counts as problems with
  // their line (stores from 1 are re-derived from their raw records at the first start).
  parserVersion: 2,
  handlerFor(relPath: string) {
    return classifyClaudeFile(relPath) ? claudeCodeHandler : undefined;
  },
};
