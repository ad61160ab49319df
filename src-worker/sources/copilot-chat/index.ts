/**
 * GitHub Copilot Chat in VS Code (stable, Insiders, VSCodium, VS Code Server), plus the
 * Copilot CLI under its own root (~/.copilot, or COPILOT_HOME) with extra.product = 'copilot-cli'.
 */
import path from 'node:path';
import { vscodeUserDir } from '../platform.js';
import type { FileHandler, PlatformInfo, SourceAdapter } from '../types.js';
import { cliEventsHandler } from './cli-events.js';
import { cliLegacyHandler } from './cli-legacy-session.js';
import { EXPORTED_CHAT, exportedChatHandler } from './export-chat.js';
import { classifyCopilotPath } from './paths.js';
import { vscodeSessionHandler } from './vscode-session-handler.js';
import { vscodeTranscriptHandler } from './vscode-transcript.js';

const VSCODE_PRODUCTS = ['Code', 'Code - Insiders', 'VSCodium'];

function defaultRoots(p: PlatformInfo): string[] {
  return [
    ...VSCODE_PRODUCTS.map((product) => vscodeUserDir(p, product)),
    // Remote (SSH/WSL/container) hosts keep the same layout under the server's data dir.
    path.join(p.home, '.vscode-server', 'data', 'User'),
    path.join(p.home, '.vscode-server-insiders', 'data', 'User'),
    p.env.COPILOT_HOME || path.join(p.home, '.copilot'),
  ];
}

function handlerFor(relPath: string): FileHandler | undefined {
  switch (classifyCopilotPath(relPath)?.kind) {
    case 'vscode-session':
      return vscodeSessionHandler;
    case 'vscode-transcript':
      return vscodeTranscriptHandler;
    case 'cli-events':
      return cliEventsHandler;
    case 'cli-legacy':
      return cliLegacyHandler;
    default:
      return EXPORTED_CHAT.test(relPath) ? exportedChatHandler : undefined;
  }
}

export const copilotChatAdapter: SourceAdapter = {
  agent: 'copilot-chat',
  displayName: 'GitHub Copilot',
  defaultRoots,
  // Deepest file: workspaceStorage/<id>/GitHub.copilot-chat/transcripts/<session>.jsonl (4 folders down).
  maxDepth: 4,
  // 2: one usage row per billed response with its final counts, odd token counts as problems with
  // their line (stores from 1 are re-derived from their raw records at the first start).
  parserVersion: 2,
  handlerFor,
};
