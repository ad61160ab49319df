import picomatch from 'picomatch';

/**
 * Which Claude Code transcript a path is. Roots are config dirs (relPaths `projects/<enc>/...`),
 * but a root may also be a projects folder itself (relPaths `<enc>/...`): a leading `projects/`
 * is stripped and both shapes are matched the same way. No encoded cwd can be named `projects`
 * (it is an absolute path with separators turned into '-'), so the two shapes never collide.
 */
export type ClaudeFileRole =
  /** `<enc>/<sessionId>.jsonl`: a main transcript. */
  | 'session'
  /** 2.1.x `<enc>/<sessionId>/subagents/agent-<id>.jsonl`: the parent session is the folder. */
  | 'subagent'
  /** 2.0.x `<enc>/agent-<id>.jsonl` beside the main file: records carry the parent's sessionId. */
  | 'agent-sibling';

export interface ClaudeFile {
  role: ClaudeFileRole;
  /** The path inside the projects folder (`<enc>/...`), the same whichever root shape found it. */
  projectPath: string;
  /** File name without `.jsonl` (the session id, for main files). */
  stem: string;
  /** The parent session from the folder path (subagent files only). */
  parentSessionId?: string;
}

/**
 * Folders of a config dir that are not projects. Without them a config-dir root's
 * `todos/x.jsonl` would look like a projects-root's `<enc>/<session>.jsonl`.
 */
const CONFIG_DIR_FOLDERS = new Set([
  'todos', 'file-history', 'shell-snapshots', 'statsig', 'plugins', 'ide', 'debug', 'session-env',
  'commands', 'agents', 'skills', 'plans', 'local', 'logs', 'telemetry', 'hooks', 'output-styles', 'cache',
]);

const isTopLevelFile = picomatch('*/*.jsonl', { dot: true });
const isSubagentFile = picomatch('*/*/subagents/agent-*.jsonl', { dot: true });

export function classifyClaudeFile(relPath: string): ClaudeFile | undefined {
  const hasPrefix = relPath.startsWith('projects/');
  const projectPath = hasPrefix ? relPath.slice('projects/'.length) : relPath;
  const segments = projectPath.split('/');
  if (!hasPrefix && CONFIG_DIR_FOLDERS.has(segments[0]!)) return undefined;
  const stem = segments[segments.length - 1]!.replace(/\.jsonl$/, '');
  if (isSubagentFile(projectPath)) return { role: 'subagent', projectPath, stem, parentSessionId: segments[1]! };
  if (isTopLevelFile(projectPath)) return { role: stem.startsWith('agent-') ? 'agent-sibling' : 'session', projectPath, stem };
  return undefined;
}

/** Directory levels below a config-dir root: projects/<enc>/<session>/subagents/. */
export const CLAUDE_MAX_DEPTH = 4;
