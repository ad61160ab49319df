import type { FileAction } from '../../../src-shared/contract/index.js';
import { patchTouches } from './apply-patch.js';

/** A file a tool call named, as the agent wrote it (absolute, relative or a file:// URI). */
export interface RawTouch {
  path: string;
  action: FileAction;
}

/**
 * What each agent's file tools do, by lower-cased tool name. Claude Code: Read/Edit/MultiEdit/
 * Write/NotebookEdit/LS/Grep/Glob; Codex: apply_patch (also inside shell); Gemini CLI:
 * read_file/read_many_files/write_file/replace/list_directory/search_file_content/glob;
 * Copilot Chat (VS Code): copilot_* and the CLI's view/create/edit/str_replace_editor; Cursor:
 * read_file/edit_file/write/delete_file/search_replace and the agent CLI's Read/Write/Edit/Delete.
 */
const TOOL_ACTIONS: Record<string, FileAction> = {
  read: 'read',
  read_file: 'read',
  read_many_files: 'read',
  readfile: 'read',
  view: 'read',
  notebookread: 'read',
  ls: 'read',
  list_directory: 'read',
  list_dir: 'read',
  copilot_readfile: 'read',
  copilot_listdirectory: 'read',
  edit: 'edit',
  multiedit: 'edit',
  notebookedit: 'edit',
  replace: 'edit',
  edit_file: 'edit',
  search_replace: 'edit',
  str_replace: 'edit',
  str_replace_based_edit_tool: 'edit',
  str_replace_editor: 'edit',
  replace_string_in_file: 'edit',
  multi_replace_string_in_file: 'edit',
  insert_edit_into_file: 'edit',
  copilot_replacestring: 'edit',
  copilot_multireplacestring: 'edit',
  copilot_insertedit: 'edit',
  copilot_editnotebook: 'edit',
  write: 'write',
  write_file: 'write',
  create: 'write',
  create_file: 'write',
  copilot_createfile: 'write',
  delete: 'delete',
  delete_file: 'delete',
  grep: 'search',
  glob: 'search',
  search_file_content: 'search',
  grep_search: 'search',
  file_search: 'search',
  copilot_findtextinfiles: 'search',
  copilot_findfiles: 'search',
};

/** Tools that carry a Codex-style patch (directly, or as a shell command running apply_patch). */
const PATCH_TOOLS = new Set(['apply_patch', 'copilot_applypatch', 'shell', 'local_shell', 'exec_command', 'container.exec', 'bash']);

/** Input fields that name one file, and those that name several. */
const PATH_KEYS = ['file_path', 'filePath', 'notebook_path', 'absolute_path', 'target_file', 'targetFile', 'relative_workspace_path', 'path', 'file', 'filename', 'uri'];
const PATHS_KEYS = ['paths', 'file_paths', 'filePaths', 'files'];

/** The str_replace_editor family says what it does in its `command` field. */
const EDITOR_COMMANDS: Record<string, FileAction> = { view: 'read', create: 'write', str_replace: 'edit', insert: 'edit', undo_edit: 'edit' };

/** Every lower-cased tool name that can name files: the writer reads only these calls back. */
export const FILE_TOOL_NAMES: readonly string[] = [...Object.keys(TOOL_ACTIONS), ...PATCH_TOOLS];

/** The input as the store keeps it (JSON text, or the agent's own string) back as a value. */
function parseInput(input: string | null): unknown {
  if (input === null) return null;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path field of a truncated input (kept as a cut JSON string) found by its key. */
const CUT_PATH = /"(file_path|filePath|notebook_path|absolute_path|target_file|path)"\s*:\s*"((?:[^"\\]|\\.)+)"/;

function pathsOf(input: unknown): string[] {
  if (typeof input === 'string') {
    const m = CUT_PATH.exec(input);
    if (!m) return [];
    try {
      return [JSON.parse(`"${m[2]}"`) as string];
    } catch {
      return [];
    }
  }
  if (!isRecord(input)) return [];
  for (const key of PATH_KEYS) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() !== '') return [value];
    if (isRecord(value) && typeof value.path === 'string') return [value.path]; // a VS Code Uri object
  }
  for (const key of PATHS_KEYS) {
    const value = input[key];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  }
  // Copilot Chat sometimes keeps only what VS Code showed: "Reading [](file:///…)".
  if (typeof input.invocationMessage === 'string') return [...input.invocationMessage.matchAll(/file:\/\/[^\s)\]]+/g)].map((m) => m[0]);
  return [];
}

/** Every patch text inside an input: the `patch`/`input` field, a string, or a shell command's arguments. */
function patchesOf(input: unknown): string[] {
  if (typeof input === 'string') return input.includes('*** Begin Patch') ? [input] : [];
  if (Array.isArray(input)) return input.flatMap(patchesOf);
  if (!isRecord(input)) return [];
  return Object.values(input).flatMap(patchesOf);
}

/**
 * The files one tool call touched and how, from its name and stored input. Unknown tools and
 * shell commands other than apply_patch give nothing: guessing files from arbitrary commands
 * would list files the call never touched.
 */
export function extractFileTouches(name: string, input: string | null): RawTouch[] {
  const tool = name.trim().toLowerCase();
  // Cheap checks first: this runs at ingest for every tool call written.
  if (PATCH_TOOLS.has(tool)) return input?.includes('*** Begin Patch') ? patchesOf(parseInput(input)).flatMap(patchTouches) : [];
  let action = TOOL_ACTIONS[tool];
  if (action === undefined) return [];
  const value = parseInput(input);
  if (isRecord(value) && typeof value.command === 'string' && EDITOR_COMMANDS[value.command]) action = EDITOR_COMMANDS[value.command]!;
  return pathsOf(value).map((path) => ({ path, action }));
}
