import type pg from 'pg';
import type { WireMessage, WireSessionMeta, WireSession, SessionSummary, WireToolCall, WireUsage } from '../../src-shared/sync-wire.js';
import type { Principal } from '../http/auth.js';
import { visibilityParams, visibleTo } from './visibility.js';

export interface SessionFilter {
  agent?: string;
  /** Sessions whose workspace path starts with this. */
  workspace?: string;
  teamId?: number;
  owner?: string;
  since?: string;
  until?: string;
  includeHidden: boolean;
  includeDeleted: boolean;
  limit: number;
  offset: number;
}

interface SessionRow {
  owner: string;
  team: string | null;
  seq: string;
  data: WireSession;
  meta: WireSessionMeta | null;
}

// The owner's metadata joins only when the caller may see it too (same rule as everything else).
const FROM = `
  FROM records s
  JOIN users u ON u.id = s.user_id
  LEFT JOIN teams t ON t.id = s.team_id
  LEFT JOIN records m ON m.user_id = s.user_id AND m.kind = 'session_meta' AND m.id = s.id AND ${visibleTo('m')}`;
const COLUMNS = `SELECT u.name AS owner, t.name AS team, s.seq::text AS seq, s.data, m.data AS meta`;

function toSummary(row: SessionRow): SessionSummary {
  const s = row.data;
  const m = row.meta;
  return {
    id: s.id,
    owner: row.owner,
    team: row.team,
    agent: s.agent,
    workspace: s.workspace ?? null,
    title: m?.title ?? s.agentTitle ?? (s.firstPrompt ? s.firstPrompt.slice(0, 200) : null),
    gitBranch: s.gitBranch ?? null,
    startedAt: s.startedAt ?? null,
    endedAt: s.endedAt ?? null,
    models: s.models,
    messageCount: s.messageCount,
    toolCallCount: s.toolCallCount,
    tokens: s.tokens,
    originMachine: s.originMachine,
    tags: m?.tags ?? [],
    starred: m?.starred ?? false,
    hidden: m?.hidden ?? false,
    seq: row.seq,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listSessions(pool: pg.Pool, principal: Principal, f: SessionFilter): Promise<SessionSummary[]> {
  const params: unknown[] = visibilityParams(principal);
  const where = [`s.kind = 'session'`, visibleTo('s')];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.agent !== undefined) add((p) => `s.data->>'agent' = ${p}`, f.agent);
  if (f.workspace !== undefined) add((p) => `s.data->>'workspace' LIKE ${p}`, `${escapeLike(f.workspace)}%`);
  if (f.teamId !== undefined) add((p) => `s.team_id = ${p}`, f.teamId);
  if (f.owner !== undefined) add((p) => `u.name = ${p}`, f.owner);
  if (f.since !== undefined) add((p) => `s.time >= ${p}::timestamptz`, f.since);
  if (f.until !== undefined) add((p) => `s.time < ${p}::timestamptz`, f.until);
  if (!f.includeHidden) where.push(`coalesce((m.data->>'hidden')::boolean, false) = false`);
  if (!f.includeDeleted) where.push(`coalesce((m.data->>'deleted')::boolean, false) = false`);
  params.push(f.limit, f.offset);
  const { rows } = await pool.query<SessionRow>(
    `${COLUMNS} ${FROM} WHERE ${where.join(' AND ')}
     ORDER BY s.time DESC NULLS LAST, s.seq DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map(toSummary);
}

export interface SessionDetail {
  session: SessionSummary;
  record: WireSession;
  meta: WireSessionMeta | null;
  messages: WireMessage[];
  toolCalls: WireToolCall[];
  usage: WireUsage[];
  /** True when a part was cut at `limit` rows. */
  truncated: boolean;
}

/** Several users' sessions the caller may see carry this id: the caller must name the owner. */
export class AmbiguousSessionError extends Error {
  constructor(
    readonly id: string,
    readonly owners: string[],
  ) {
    super(`several users share a session with id "${id}" with you (${owners.join(', ')}): name one with ?owner=`);
    this.name = 'AmbiguousSessionError';
  }
}

/**
 * One session the caller may see, with its transcript. Ids live in each owner's namespace, so
 * the same id may name several users' sessions: `owner` picks one; without it the caller's own
 * copy is meant, else the only visible one. When several teammates' copies are visible and the
 * caller names none, it is refused (AmbiguousSessionError) rather than guessed: a teammate
 * exporting the same id must not shadow the session the caller meant. Undefined when none is visible.
 */
export async function getSession(pool: pg.Pool, principal: Principal, id: string, owner: string | undefined, limit: number): Promise<SessionDetail | undefined> {
  const params = [...visibilityParams(principal), id, owner ?? null];
  const { rows } = await pool.query<SessionRow & { user_id: number }>(
    `${COLUMNS}, s.user_id ${FROM}
      WHERE s.kind = 'session' AND s.id = $3 AND ${visibleTo('s')} AND ($4::text IS NULL OR u.name = $4)
      ORDER BY (s.user_id = $1) DESC, u.name`,
    params,
  );
  const own = rows.find((r) => r.user_id === principal.userId);
  if (owner === undefined && !own && rows.length > 1) throw new AmbiguousSessionError(id, rows.map((r) => r.owner));
  const row = own ?? rows[0];
  if (!row) return undefined;
  const children = await pool.query<{ kind: 'message' | 'tool_call' | 'usage'; data: WireMessage | WireToolCall | WireUsage }>(
    `SELECT r.kind, r.data FROM records r
      WHERE r.user_id = $3 AND r.session_id = $4 AND r.kind IN ('message', 'tool_call', 'usage') AND ${visibleTo('r')}
      ORDER BY r.kind, coalesce((r.data->>'ordinal')::bigint, 0), r.time NULLS LAST, r.id
      LIMIT $5`,
    [...visibilityParams(principal), row.user_id, id, limit + 1],
  );
  const truncated = children.rows.length > limit;
  const parts = children.rows.slice(0, limit);
  return {
    session: toSummary(row),
    record: row.data,
    meta: row.meta,
    messages: parts.filter((p) => p.kind === 'message').map((p) => p.data as WireMessage),
    toolCalls: parts.filter((p) => p.kind === 'tool_call').map((p) => p.data as WireToolCall),
    usage: parts.filter((p) => p.kind === 'usage').map((p) => p.data as WireUsage),
    truncated,
  };
}
