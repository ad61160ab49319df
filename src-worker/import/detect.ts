/**
 * Which agent's file each copied file is, and where it would sit under that agent's root.
 * Copies keep some of their original layout (a `~/.claude` folder, one project folder of it, a
 * Cline task folder, a single file), so each trailing part of the path is tried as the path under
 * an agent's root, as is, or below the anchor folders the layouts start with (`projects/`,
 * `tasks/`, ...). Several agents may claim the same name (any `x.json`): then the file is parsed
 * by each and the one that understands it best (records minus problems) takes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportSkip } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';
import { CLINE_FORKS } from '../sources/cline/forks.js';
import type { FileHandler, NormalizedBatch, RawLine, SourceAdapter } from '../sources/types.js';

export interface ImportFile {
  adapter: SourceAdapter;
  agent: AgentId;
  path: string;
  /** The path under the agent's root this file stands for (what the adapter's handlerFor takes). */
  relPath: string;
  root: string;
  handler: FileHandler;
}

/** Folders the agents' layouts start with, tried in front of a copy's own path. */
const ANCHORS = [
  '',
  'projects/', // Claude Code: a project folder, or a single transcript
  'projects/imported/',
  'tasks/', // the Cline family: a task folder, or one of its files
  'tasks/imported/',
  'sessions/', // Codex (flat rollouts), Continue
  'exported-chats/', // Copilot "Export Chat" files
  'workspaceStorage/imported/chatSessions/', // a stored VS Code chat session on its own
  'history-session-state/', // Copilot CLI legacy sessions
  'tmp/imported/chats/', // Gemini CLI
];
const MAX_DEPTH = 8;
/** How much of an append-only file is parsed to tell whose it is. */
const SNIFF_BYTES = 256 * 1024;

/** Every regular file under `target` (or `target` itself), depth-bounded, symlinked folders not followed. */
function listFiles(target: string, skipped: ImportSkip[]): string[] {
  const stat = fs.statSync(target);
  if (stat.isFile()) return [target];
  if (!stat.isDirectory()) throw new Error(`${target} is neither a file nor a folder`);
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) walk(full, depth + 1);
      } else if (entry.isFile()) out.push(full);
      else if (!entry.isSymbolicLink()) skipped.push({ path: full, reason: 'not a regular file' });
    }
  };
  walk(target, 0);
  return out.sort();
}

interface Candidate {
  adapter: SourceAdapter;
  relPath: string;
  root: string;
  handler: FileHandler;
  /** True when the copy kept the agent's own layout (no anchor folder had to be assumed). */
  ownLayout: boolean;
}

/** Every (agent, reader, relPath) that claims the file, most faithful first (its own layout, longest). */
function candidates(file: string, base: string, adapters: readonly SourceAdapter[]): Candidate[] {
  const parts = path.relative(base, file).split(path.sep);
  const out: Candidate[] = [];
  for (let n = parts.length; n >= 1; n--) {
    const suffix = parts.slice(parts.length - n).join('/');
    const root = path.join(base, ...parts.slice(0, parts.length - n));
    for (const anchor of ANCHORS) {
      for (const adapter of adapters) {
        const relPath = anchor + suffix;
        const handler = adapter.handlerFor(relPath);
        if (handler && handler.kind !== 'sqlite' && !out.some((c) => c.adapter === adapter && c.handler === handler)) out.push({ adapter, relPath, root, handler, ownLayout: anchor === '' });
      }
    }
  }
  return out;
}

function sniffLines(file: string): RawLine[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    const text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    const texts = text.split('\n');
    if (buffer.length < size) texts.pop(); // the read stopped mid-line
    const lines: RawLine[] = [];
    let offset = 0;
    texts.forEach((line, i) => {
      if (line.trim() !== '') lines.push({ text: line, offset, line: i + 1 });
      offset += Buffer.byteLength(line) + 1;
    });
    return lines;
  } finally {
    fs.closeSync(fd);
  }
}

/** How well a handler understands the file: records it made minus problems it reported. */
function score(c: Candidate, file: string): number {
  let batch: NormalizedBatch;
  try {
    const ctx = { agent: c.adapter.agent, path: file, relPath: c.relPath, root: c.root };
    batch = c.handler.kind === 'append' ? c.handler.parseLines(sniffLines(file), ctx, {}) : c.handler.kind === 'whole' ? c.handler.parseFile(fs.readFileSync(file, 'utf8'), ctx, {}) : { sessions: [], messages: [], toolCalls: [], usage: [], problems: [], raw: [] };
  } catch {
    return -1;
  }
  // A session counts only with a fact beyond its id (a reader names any object a session after its file).
  const sessions = batch.sessions.filter((x) => x.workspace || x.startedAt || x.title || x.models?.length).length;
  return batch.messages.length + batch.toolCalls.length + batch.usage.length + sessions - 2 * batch.problems.length;
}

/** A Cline-family file whose path names a fork's extension folder is that fork's. */
function forkNamedInPath(file: string): AgentId | undefined {
  const segments = file.split(/[\\/]/);
  return CLINE_FORKS.find((f) => segments.includes(f.extensionId))?.agent;
}

/**
 * The file's agent: a sole claimant in its own layout takes it as is; otherwise every claimant
 * parses it (once per distinct reader: the Cline forks share theirs) and the best wins, if it
 * understood anything at all (a stray `history.jsonl` or `settings.json` is skipped, not imported
 * as a page of problems).
 */
function choose(found: Candidate[], file: string): Candidate | undefined {
  if (found.length === 1 && found[0]!.ownLayout) return found[0];
  const scored: { handler: FileHandler; relPath: string; score: number }[] = [];
  const fork = forkNamedInPath(file);
  let best: Candidate | undefined;
  let bestScore = 0;
  for (const c of found) {
    let entry = scored.find((e) => e.handler === c.handler && e.relPath === c.relPath);
    if (!entry) scored.push((entry = { handler: c.handler, relPath: c.relPath, score: score(c, file) }));
    const s = entry.score + (c.adapter.agent === fork ? 0.5 : 0);
    if (s > bestScore) [best, bestScore] = [c, s];
  }
  return best;
}

/** Entries handled per event-loop turn: an import through the engine leaves it answering. */
const YIELD_EVERY_FILES = 20;

export async function planImport(target: string, adapters: readonly SourceAdapter[], agent?: AgentId): Promise<{ files: ImportFile[]; skipped: ImportSkip[] }> {
  const skipped: ImportSkip[] = [];
  const absolute = path.resolve(target);
  const base = path.dirname(absolute);
  const allowed = agent ? adapters.filter((a) => a.agent === agent) : adapters;
  const files: ImportFile[] = [];
  for (const [n, file] of listFiles(absolute, skipped).entries()) {
    if (n % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise((resolve) => setImmediate(resolve));
    const found = candidates(file, base, allowed);
    const best = choose(found, file);
    if (!best) {
      skipped.push({ path: file, reason: found.length ? `no ${agent ?? 'agent'} reader understood it` : agent ? `not where ${agent} keeps its files` : 'not a file of any agent devlog knows' });
      continue;
    }
    files.push({ adapter: best.adapter, handler: best.handler, relPath: best.relPath, root: best.root, agent: best.adapter.agent, path: file });
  }
  return { files, skipped };
}
