/**
 * The VS Code family keeps per-workspace data in `workspaceStorage/<hash>/`, and the hash says
 * nothing about the folder: `workspace.json` beside it maps it back. Shared with the Cursor
 * adapter (same layout); a candidate to move up to sources/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asText, isRecord } from './json-shapes.js';

/**
 * A workspace URI as a path: `file:` URIs become filesystem paths (Windows drive URIs become
 * `c:\...`, UNC authorities `\\host\...`); other schemes (vscode-remote://, vscode-vfs://) are
 * kept as they are, since they have no local path.
 */
export function workspaceFromUri(uri: string): string {
  if (!uri.toLowerCase().startsWith('file:')) return uri;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    decoded = url.pathname;
  }
  if (/^\/[A-Za-z]:/.test(decoded)) return decoded.slice(1).replace(/\//g, '\\');
  if (url.host) return `\\\\${url.host}${decoded.replace(/\//g, '\\')}`;
  return decoded;
}

/** The workspace of a `workspace.json` object: folder, else the .code-workspace file. */
export function workspaceFromJson(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const uri = asText(value.folder) ?? asText(value.workspace) ?? asText(value.configuration);
  return uri === undefined ? undefined : workspaceFromUri(uri);
}

/**
 * Reads `<dir>/workspace.json` synchronously (a few hundred bytes). Undefined when it is
 * missing or unreadable: a session without a workspace is still a session.
 */
export function readWorkspaceJson(dir: string): string | undefined {
  try {
    return workspaceFromJson(JSON.parse(fs.readFileSync(path.join(dir, 'workspace.json'), 'utf8')));
  } catch {
    return undefined;
  }
}
