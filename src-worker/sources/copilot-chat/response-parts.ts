/**
 * A Copilot Chat response is a list of parts: markdown chunks (objects with `value` and no
 * `kind`), inline references, thinking, tool invocations, edits, and UI-only parts. This folds
 * them into reading text, thinking text, small content blocks and the tool invocations.
 */
import path from 'node:path';
import { asString, asText, isRecord, markdownText, type JsonObject } from '../vscode-family/json-shapes.js';
import { workspaceFromUri } from '../vscode-family/vscode-workspace.js';

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; id?: string; name?: string }
  | { type: 'edit'; path: string };

export interface ResponseSummary {
  text: string;
  thinking: string;
  blocks: ContentBlock[];
  toolInvocations: JsonObject[];
}

export function summarizeResponse(parts: unknown): ResponseSummary {
  const out: ResponseSummary = { text: '', thinking: '', blocks: [], toolInvocations: [] };
  let lastThinkingId: unknown;
  for (const part of Array.isArray(parts) ? parts : []) {
    if (!isRecord(part)) continue;
    const kind = part.kind;
    if (kind === undefined || kind === null || kind === 'markdownContent') {
      appendText(out, markdownText(part.value) ?? markdownText(part.content) ?? '');
    } else if (kind === 'inlineReference') {
      appendText(out, referenceName(part));
    } else if (kind === 'thinking') {
      const piece = thinkingText(part.value);
      if (piece === '') continue;
      // Parts of one thinking block share an id and arrive in pieces; new blocks start a paragraph.
      if (out.thinking !== '' && part.id !== lastThinkingId) out.thinking += '\n\n';
      out.thinking += piece;
      lastThinkingId = part.id;
    } else if (kind === 'toolInvocationSerialized' || kind === 'toolInvocation') {
      out.toolInvocations.push(part);
      out.blocks.push({ type: 'tool_call', id: asText(part.toolCallId), name: asText(part.toolId) });
    } else if (kind === 'codeblockUri' || kind === 'textEditGroup' || kind === 'notebookEditGroup') {
      const file = uriPath(part.uri);
      const last = out.blocks[out.blocks.length - 1];
      if (file && !(last?.type === 'edit' && last.path === file)) out.blocks.push({ type: 'edit', path: file });
    }
    // Other kinds (undoStop, progress, confirmation, mcpServersStarting, ...) are UI state only.
  }
  out.text = dropEmptyFences(out.text);
  for (const block of out.blocks) if (block.type === 'text') block.text = dropEmptyFences(block.text);
  out.blocks = out.blocks.filter((b) => b.type !== 'text' || b.text !== '');
  return out;
}

/**
 * Edits are streamed between two markdown pieces that open and close a code fence, so the
 * markdown alone holds an empty fenced block where VS Code shows the edit; drop those.
 */
export function dropEmptyFences(text: string): string {
  return text.replace(/\n?(`{3,})[ \t]*\n\s*\1[ \t]*(\n|$)/g, '\n');
}

function appendText(out: ResponseSummary, piece: string): void {
  if (piece === '') return;
  out.text += piece;
  const last = out.blocks[out.blocks.length - 1];
  if (last?.type === 'text') last.text += piece;
  else out.blocks.push({ type: 'text', text: piece });
}

function thinkingText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').join('');
  return '';
}

/** How VS Code shows an inline reference: its name, else the file's base name. */
function referenceName(part: JsonObject): string {
  const explicit = asText(part.name);
  if (explicit) return explicit;
  const ref = part.inlineReference;
  if (isRecord(ref)) {
    const symbolName = asText(ref.name);
    if (symbolName) return symbolName;
    const file = uriPath(ref.uri) ?? uriPath(ref);
    if (file) return path.posix.basename(file.replace(/\\/g, '/'));
  }
  return '';
}

/** A serialized VS Code URI ({ fsPath, path, scheme, external }) or URI string as a path. */
export function uriPath(uri: unknown): string | undefined {
  if (typeof uri === 'string') return workspaceFromUri(uri);
  if (!isRecord(uri)) return undefined;
  const external = asText(uri.external);
  if (asString(uri.scheme) && uri.scheme !== 'file' && external) return external;
  return asText(uri.fsPath) ?? asText(uri.path) ?? (external ? workspaceFromUri(external) : undefined);
}
