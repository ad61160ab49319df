/** Which Cline-family files devlog reads, relative to an extension's storage folder. */

export type ClineFile =
  | { kind: 'api-history'; taskId: string }
  | { kind: 'ui-messages'; taskId: string }
  | { kind: 'task-metadata'; taskId: string }
  | { kind: 'history-item'; taskId: string }
  | { kind: 'task-history' }
  | { kind: 'sdk-manifest'; taskId: string }
  | { kind: 'sdk-messages'; taskId: string };

// ui_messages.json was claude_messages.json in early Cline builds.
// history_item.json: Roo Code and Zoo Code keep each task's list entry in its folder.
const TASK_FILE = /^tasks\/([^/]+)\/(api_conversation_history|ui_messages|claude_messages|task_metadata|history_item)\.json$/;
// state/taskHistory.json in the extension; the standalone CLI has kept it at the top of its data folder.
const TASK_HISTORY = /^(?:state\/)?taskHistory\.json$/;

// Cline's SDK builds (CLI, VS Code, JetBrains, 2026): ~/.cline/data/sessions/<id>/<id>.json (the
// manifest) and <id>.messages.json (the conversation).
const SDK_FILE = /^sessions\/([^/]+)\/([^/]+?)(\.messages)?\.json$/;

export function classifyClinePath(relPath: string): ClineFile | undefined {
  if (TASK_HISTORY.test(relPath)) return { kind: 'task-history' };
  const sdk = SDK_FILE.exec(relPath);
  if (sdk && sdk[1] === sdk[2]) return { kind: sdk[3] ? 'sdk-messages' : 'sdk-manifest', taskId: sdk[1]! };
  const m = TASK_FILE.exec(relPath);
  if (!m) return undefined;
  const taskId = m[1]!;
  if (m[2] === 'api_conversation_history') return { kind: 'api-history', taskId };
  if (m[2] === 'task_metadata') return { kind: 'task-metadata', taskId };
  if (m[2] === 'history_item') return { kind: 'history-item', taskId };
  return { kind: 'ui-messages', taskId };
}
