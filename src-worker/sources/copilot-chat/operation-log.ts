/**
 * Replays a VS Code chat session operation log (`chatSessions/<id>.jsonl`, VS Code 1.109+,
 * microsoft/vscode objectMutationLog.ts). One JSON entry per line:
 *   {kind:0, v}            the whole object (first line; also after a compaction rewrite)
 *   {kind:1, k:[path], v}  set the value at path
 *   {kind:2, k:[path], v?:[items], i?}  truncate the array at path to length i (if given), then push items
 *   {kind:3, k:[path]}     delete the value at path
 * Path elements are object keys or array indexes.
 */
import { RetryLaterError, type ProblemRecord } from '../types.js';
import { isRecord } from '../vscode-family/json-shapes.js';

export interface ReplayResult {
  /** The reconstructed object, or undefined if no initial entry could be read. */
  value: unknown;
  problems: ProblemRecord[];
}

type Path = (string | number)[];
type Container = Record<string | number, unknown>;

/**
 * Replays every line in order. A line that does not parse, or an operation that does not fit
 * the object, is a problem with its line number and is skipped. An unparseable last line with
 * no newline after it is the writer mid-append: RetryLaterError.
 */
export function replayOperationLog(content: string): ReplayResult {
  const problems: ProblemRecord[] = [];
  const lines = content.split('\n');
  const endsWithNewline = content.endsWith('\n');
  let state: unknown;

  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (text === '') return;
    const line = index + 1;
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch (err) {
      if (index === lines.length - 1 && !endsWithNewline) {
        throw new RetryLaterError(`operation log line ${line} is incomplete (being written)`);
      }
      problems.push({ line, reason: `unparseable operation: ${(err as Error).message}` });
      return;
    }
    try {
      state = applyEntry(state, entry);
    } catch (err) {
      problems.push({ line, reason: (err as Error).message });
    }
  });
  return { value: state, problems };
}

function applyEntry(state: unknown, entry: unknown): unknown {
  if (!isRecord(entry)) throw new Error('operation is not an object');
  const kind = entry.kind;
  if (kind === 0) return entry.v;
  if (kind !== 1 && kind !== 2 && kind !== 3) throw new Error(`unknown operation kind ${JSON.stringify(kind)}`);
  if (state === undefined) throw new Error('operation before the initial (kind 0) entry');
  const path = entry.k;
  if (!Array.isArray(path) || !path.every((p) => typeof p === 'string' || typeof p === 'number')) {
    throw new Error('operation without a valid path (k)');
  }
  if (kind === 1) return setAt(state, path, entry.v);
  if (kind === 3) return deleteAt(state, path);
  return pushAt(state, path, entry.v, entry.i);
}

/** The object holding the last path element. */
function parentOf(state: unknown, path: Path): Container {
  let current: unknown = state;
  for (const key of path.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) break;
    current = (current as Container)[key];
  }
  if (typeof current !== 'object' || current === null) throw new Error(`path ${JSON.stringify(path)} not found`);
  return current as Container;
}

function setAt(state: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  parentOf(state, path)[path[path.length - 1]!] = value;
  return state;
}

function deleteAt(state: unknown, path: Path): unknown {
  if (path.length === 0) throw new Error('delete of the whole object');
  const parent = parentOf(state, path);
  const key = path[path.length - 1]!;
  // VS Code sets undefined, which for objects is the same as deleting once serialized.
  if (Array.isArray(parent)) parent[key as number] = undefined;
  else delete parent[key];
  return state;
}

function pushAt(state: unknown, path: Path, items: unknown, truncateTo: unknown): unknown {
  if (path.length === 0) throw new Error('push to the whole object');
  if (items !== undefined && !Array.isArray(items)) throw new Error('push without an items array (v)');
  if (truncateTo !== undefined && (typeof truncateTo !== 'number' || truncateTo < 0)) {
    throw new Error('push with an invalid truncate index (i)');
  }
  const parent = parentOf(state, path);
  const key = path[path.length - 1]!;
  const existing = parent[key];
  if (existing !== undefined && !Array.isArray(existing)) throw new Error(`push to a non-array at ${JSON.stringify(path)}`);
  const array = (existing as unknown[] | undefined) ?? [];
  if (typeof truncateTo === 'number') array.length = Math.min(array.length, truncateTo);
  if (items) array.push(...(items as unknown[]));
  parent[key] = array;
  return state;
}
