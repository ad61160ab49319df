import os from 'node:os';
import type { SearchSnippet, SessionFilter, SessionQuery, SessionSummary } from '../src-shared/contract/index.js';
import type { AgentId } from '../src-shared/domain.js';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { openStoreReadOnly } from '../src-worker/query/open-store.js';
import { billableTokens } from '../src-worker/query/prices.js';
import { DEFAULT_LIMIT, querySessions } from '../src-worker/query/sessions.js';
import { machineLabel, otherMachines } from './origin-names.js';
import { compactNumber, localTime, oneLine, renderTable, terminalWidth, truncate, type Column } from './table.js';

export interface QueryOptions {
  agent: string[];
  workspace?: string;
  since?: string;
  until?: string;
  model?: string;
  file?: string;
  search?: string;
  fts?: boolean;
  sort?: 'newest' | 'relevance';
  limit?: number;
  hidden?: boolean;
  tag?: string[];
  starred?: boolean;
  json?: boolean;
}

export { parseCount, parseSort } from './option-parsers.js';

/** `--agent a,b --agent c` -> [a, b, c]; unknown names are rejected by the query with exit 2. */
export function agentList(values: string[]): AgentId[] | undefined {
  const agents = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return agents.length ? (agents as AgentId[]) : undefined;
}

/** `/home/me/code/app` -> `~/code/app`: shorter, and what the user typed in --workspace. */
export function tildePath(p: string | null): string {
  if (!p) return '-';
  const home = os.homedir();
  return p === home || p.startsWith(home + '/') ? `~${p.slice(home.length)}` : p;
}

/** The id the table shows: a prefix of the agent's own id, which `devlog show` accepts. */
export function shortId(s: Pick<SessionSummary, 'nativeId'>): string {
  return s.nativeId.length > 12 ? s.nativeId.slice(0, 8) : s.nativeId;
}

/** The filter flags `query` and `stats` share, so both count exactly the same sessions. */
export function toSessionFilter(options: Pick<QueryOptions, 'agent' | 'workspace' | 'since' | 'until' | 'model' | 'file' | 'hidden' | 'tag' | 'starred'>): SessionFilter {
  const filter: SessionFilter = {};
  const agents = agentList(options.agent);
  if (agents) filter.agents = agents;
  if (options.workspace !== undefined) filter.workspace = options.workspace;
  if (options.since !== undefined) filter.since = options.since;
  if (options.until !== undefined) filter.until = options.until;
  if (options.model !== undefined) filter.model = options.model;
  if (options.file !== undefined) filter.file = options.file;
  if (options.hidden) filter.includeHidden = true;
  if (options.tag?.length) filter.tags = options.tag;
  if (options.starred) filter.starred = true;
  return filter;
}

export function toSessionQuery(options: QueryOptions): SessionQuery {
  const query: SessionQuery = toSessionFilter(options);
  if (options.search !== undefined) query.search = options.search;
  if (options.fts) query.searchSyntax = 'fts';
  if (options.sort) query.sort = options.sort;
  if (options.limit !== undefined) query.limit = options.limit;
  return query;
}

/** A snippet on one line: matches bold on a terminal, plain when piped. */
export function renderSnippet(snippet: SearchSnippet, width: number | undefined, tty: boolean): string {
  const label = snippet.source === 'tool_call' ? `tool ${snippet.toolName ?? ''}`.trim() : snippet.role;
  const prefix = `    ${label}: `;
  const room = width === undefined ? Infinity : Math.max(10, width - prefix.length);
  const text = truncate(snippet.text, room === Infinity ? snippet.text.length : room);
  if (!tty) return prefix + text;
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    if (start >= text.length) break;
    const stop = Math.min(end, text.length);
    out += `${text.slice(at, start)}\x1b[1m${text.slice(start, stop)}\x1b[22m`;
    at = stop;
  }
  return prefix + out + text.slice(at);
}

/** The title with the user's star and tags: `★ Fix login [bug, auth]`. */
export function titleWithMeta(s: Pick<SessionSummary, 'title' | 'tags' | 'starred'>): string {
  const tags = s.tags.length ? ` [${s.tags.join(', ')}]` : '';
  return `${s.starred ? '★ ' : ''}${oneLine(s.title ?? '(untitled)')}${tags}`;
}

const COLUMNS: Column<SessionSummary>[] = [
  { header: 'ID', value: shortId, minWidth: 8 },
  { header: 'AGENT', value: (s) => s.agent, minWidth: 6 },
  { header: 'STARTED', value: (s) => localTime(s.startedAt), minWidth: 16 },
  { header: 'MSGS', value: (s) => String(s.messageCount), align: 'right' },
  { header: 'TOKENS', value: (s) => compactNumber(billableTokens(s.tokens)), align: 'right' },
  { header: 'WORKSPACE', value: (s) => tildePath(s.workspace), cut: 'start', minWidth: 12 },
  { header: 'TITLE', value: (s) => titleWithMeta(s), minWidth: 12 },
];

/** `devlog query`: sessions, newest first; with --search only matching ones, with snippets. */
export async function runQuery(options: QueryOptions): Promise<void> {
  const paths = homePaths(resolveDevlogHome());
  const db = openStoreReadOnly(paths);
  try {
    const result = querySessions(db, toSessionQuery(options));
    if (options.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    if (!result.sessions.length) {
      process.stdout.write(options.search ? `no sessions match ${JSON.stringify(options.search)}\n` : 'no sessions match\n');
      return;
    }
    const width = terminalWidth();
    const tty = Boolean(process.stdout.isTTY);
    // Sessions pulled from other machines (machine sync) say where they were collected.
    const others = otherMachines(db);
    const from = result.sessions.some((s) => others.has(s.originMachine));
    const columns: typeof COLUMNS = from ? [...COLUMNS.slice(0, 2), { header: 'FROM', value: (s) => (others.has(s.originMachine) ? machineLabel(s.originMachine, others.get(s.originMachine)) : 'here'), minWidth: 8 }, ...COLUMNS.slice(2)] : COLUMNS;
    const [header, ...lines] = renderTable(result.sessions, columns, width);
    const out = [header!];
    result.sessions.forEach((s, i) => {
      out.push(lines[i]!);
      for (const snippet of s.snippets ?? []) out.push(renderSnippet(snippet, width, tty));
    });
    const n = result.sessions.length;
    out.push('', `${n} session${n === 1 ? '' : 's'}${result.hasMore ? ` (more match: raise --limit, now ${options.limit ?? DEFAULT_LIMIT})` : ''}; devlog show ID for one`);
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    db.close();
  }
}
