/**
 * Which files under the roots are Copilot sessions. VS Code user dir (relPaths):
 *   workspaceStorage/<id>/chatSessions/<sessionId>.json|.jsonl   (workspace windows; id `no-workspace`
 *                                                                 is the pre-2025 empty-window folder)
 *   globalStorage/emptyWindowChatSessions/<sessionId>.json|.jsonl (empty windows)
 *   globalStorage/transferredChatSessions/<sessionId>.json|.jsonl (a chat moved to another window)
 *   workspaceStorage/<id>/GitHub.copilot-chat/transcripts/<sessionId>.jsonl
 *                                                                 (Copilot Chat's own event log, 2026)
 * Copilot CLI home (~/.copilot):
 *   session-state/<sessionId>/events.jsonl          (current event log, append-only)
 *   history-session-state/<sessionId>.json          (legacy, rewritten whole)
 */

export type CopilotFile =
  | { kind: 'vscode-session'; format: 'json' | 'jsonl'; sessionId: string; workspaceStorageId?: string }
  | { kind: 'vscode-transcript'; sessionId: string; workspaceStorageId: string }
  | { kind: 'cli-events'; sessionId: string }
  | { kind: 'cli-legacy'; sessionId: string };

const WORKSPACE_SESSION = /^workspaceStorage\/([^/]+)\/chatSessions\/([^/]+)\.(jsonl?)$/;
const EMPTY_WINDOW_SESSION = /^globalStorage\/(?:emptyWindowChatSessions|transferredChatSessions)\/([^/]+)\.(jsonl?)$/;
const TRANSCRIPT = /^workspaceStorage\/([^/]+)\/GitHub\.copilot-chat\/transcripts\/([^/]+)\.jsonl$/;
const CLI_EVENTS = /^session-state\/([^/]+)\/events\.jsonl$/;
const CLI_LEGACY = /^history-session-state\/([^/]+)\.json$/;

export function classifyCopilotPath(relPath: string): CopilotFile | undefined {
  let m = WORKSPACE_SESSION.exec(relPath);
  if (m) {
    const workspaceStorageId = m[1] === 'no-workspace' ? undefined : m[1];
    return { kind: 'vscode-session', format: m[3] as 'json' | 'jsonl', sessionId: m[2]!, workspaceStorageId };
  }
  m = EMPTY_WINDOW_SESSION.exec(relPath);
  if (m) return { kind: 'vscode-session', format: m[2] as 'json' | 'jsonl', sessionId: m[1]! };
  m = TRANSCRIPT.exec(relPath);
  if (m) return { kind: 'vscode-transcript', sessionId: m[2]!, workspaceStorageId: m[1]! };
  m = CLI_EVENTS.exec(relPath);
  if (m) return { kind: 'cli-events', sessionId: m[1]! };
  m = CLI_LEGACY.exec(relPath);
  if (m) return { kind: 'cli-legacy', sessionId: m[1]! };
  return undefined;
}
