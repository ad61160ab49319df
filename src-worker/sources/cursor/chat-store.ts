/**
 * The Cursor CLI's chat stores, under the root `~/.cursor/chats`: `<md5 of the workspace
 * path>/<agentId>/store.db`, a SQLite database (format from public readers of it, not from
 * Cursor's source): table `meta` (key '0': hex-encoded JSON `{agentId, name, createdAt,
 * lastUsedModel, latestRootBlobId}`) and table `blobs(id, data)`, content-addressed. Newer builds
 * store each message as a JSON blob `{role, content, providerOptions.cursor.modelName}` (content:
 * text, reasoning, tool-call and tool-result blocks); tree blobs and older protobuf-encoded
 * messages are binary and are skipped (their count is kept on the session). Messages are in the
 * order they were written (rowid), and their ids come from their content (transcript-turns.ts),
 * so a conversation also found in an agent transcript is one session with one copy of each turn.
 * Raw records are the meta row and the JSON blobs, so the rows can be re-derived from the store.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { isObject, str, type JsonObject } from '../json-read.js';
import type { FileContext, NormalizedBatch, ParserState } from '../types.js';
import { toIsoTime } from '../vscode-family/json-shapes.js';
import { addTurns, userQuery, workspaceFromContext, type ToolUse, type Turn } from './transcript-turns.js';

export const CHAT_STORE = /^([0-9a-f]{32})\/([^/]+)\/store\.db$/;

interface Blob {
  id: string;
  data: unknown;
}

function tableColumns(db: BetterSqlite3.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return undefined;
}

/** `meta` '0' as JSON: hex-encoded in the CLI's files (plain JSON accepted too). */
function readMeta(value: unknown): JsonObject | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const decoded = /^[0-9a-fA-F]+$/.test(raw) && raw.length % 2 === 0 ? Buffer.from(raw, 'hex').toString('utf8') : raw;
  try {
    const json = JSON.parse(decoded) as unknown;
    return isObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

/** A blob that is one JSON message (`{"role": …}`), or undefined for tree and protobuf blobs. */
function jsonMessage(data: unknown): { json: JsonObject; text: string } | undefined {
  const raw = text(data);
  if (!raw || raw[0] !== '{') return undefined;
  try {
    const json = JSON.parse(raw) as unknown;
    return isObject(json) && typeof json.role === 'string' ? { json, text: raw } : undefined;
  } catch {
    return undefined;
  }
}

export function readChatStore(db: BetterSqlite3.Database, file: FileContext, state: ParserState, batch: NormalizedBatch): void {
  const blobColumns = tableColumns(db, 'blobs');
  if (blobColumns.size === 0 || tableColumns(db, 'meta').size === 0) return;
  // Re-derivation rebuilds the tables as (key, value); the CLI's own has blobs(id, data).
  const live = blobColumns.has('data');
  const metaRow = db.prepare("SELECT value FROM meta WHERE key = '0'").get() as { value: unknown } | undefined;
  // Blobs are only ever added (content-addressed): their count and last rowid, with the meta row, say whether anything changed.
  const shape = db.prepare('SELECT count(*) AS n, max(rowid) AS last FROM blobs').get() as { n: number; last: number | null };
  const fingerprint = `${shape.n}:${shape.last ?? 0}:${createHash('sha1').update(text(metaRow?.value) ?? '').digest('hex')}`;
  if (state.fingerprint === fingerprint) return;
  state.fingerprint = fingerprint;
  const blobs = db.prepare(live ? 'SELECT id, data FROM blobs ORDER BY rowid' : 'SELECT key AS id, value AS data FROM blobs ORDER BY rowid').all() as Blob[];

  const meta = readMeta(metaRow?.value);
  if (metaRow) batch.raw.push({ table: 'meta', key: '0', text: text(metaRow.value) ?? '' });
  if (metaRow && !meta) batch.problems.push({ reason: `${file.path}: meta '0' is not (hex-encoded) JSON` });
  const m = CHAT_STORE.exec(file.relPath);
  const sessionId = str(meta?.agentId) ?? m?.[2] ?? file.relPath;
  const turns: Turn[] = [];
  const calls = new Map<string, ToolUse>();
  let binary = 0;
  for (const blob of blobs) {
    const message = jsonMessage(blob.data);
    if (!message) {
      binary++;
      continue;
    }
    batch.raw.push({ table: 'blobs', key: blob.id, text: message.text });
    const turn = messageTurn(message.json, calls);
    if (turn) turns.push(turn);
  }
  const firstUser = turns.find((t) => t.role === 'user');
  const workspace = firstUser ? workspaceFromContext(firstUser.text) : undefined;
  for (const turn of turns) if (turn.role === 'user') turn.text = userQuery(turn.text);
  addTurns(sessionId, turns, batch);
  const model = str(meta?.lastUsedModel);
  const name = str(meta?.name);
  batch.sessions.push({
    nativeId: sessionId,
    // The folder is the md5 of the workspace path: a path the prompt names is used only when it matches.
    workspace: workspace && m && createHash('md5').update(workspace).digest('hex') === m[1] ? workspace : undefined,
    title: name && name !== 'New Agent' ? name : undefined,
    startedAt: toIsoTime(meta?.createdAt),
    models: [...new Set([...turns.map((t) => t.model), model].filter((x): x is string => x !== undefined))],
    extra: { source: 'cursor-cli', ...(binary > 0 ? { binaryBlobs: binary } : {}) },
  });
}

/** One JSON message as a turn; tool results (role 'tool') are attached to their call instead. */
function messageTurn(json: JsonObject, calls: Map<string, ToolUse>): Turn | undefined {
  const blocks = typeof json.content === 'string' ? [{ type: 'text', text: json.content }] : Array.isArray(json.content) ? json.content : [];
  if (json.role === 'tool') {
    for (const block of blocks) {
      if (!isObject(block) || block.type !== 'tool-result') continue;
      const call = calls.get(str(block.toolCallId) ?? '');
      if (!call) continue;
      call.result = typeof block.result === 'string' ? block.result : JSON.stringify(block.result);
      if (block.isError === true) call.isError = true;
    }
    return undefined;
  }
  if (json.role !== 'user' && json.role !== 'assistant') return undefined; // system prompts stay raw only
  const options = isObject(json.providerOptions) && isObject(json.providerOptions.cursor) ? json.providerOptions.cursor : {};
  const turn: Turn = { role: json.role, text: '', tools: [], model: json.role === 'assistant' ? str(options.modelName) : undefined };
  const texts: string[] = [];
  const thinking: string[] = [];
  for (const block of blocks) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'reasoning' && typeof block.text === 'string') thinking.push(block.text);
    else if (block.type === 'tool-call') {
      const tool: ToolUse = { name: str(block.toolName) ?? 'tool', input: block.args ?? block.input };
      turn.tools.push(tool);
      const id = str(block.toolCallId);
      if (id) calls.set(id, tool);
    }
    if (!turn.model && isObject(block.providerOptions) && isObject(block.providerOptions.cursor)) turn.model = str(block.providerOptions.cursor.modelName);
  }
  turn.text = texts.join('\n\n');
  if (thinking.length > 0) turn.thinking = thinking.join('\n\n');
  return turn;
}
