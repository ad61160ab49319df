import type { SessionFilter } from '../../src-shared/contract/index.js';
import { isAgentId } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { ReadableDb } from '../store/database.js';
import { fileFilterSql } from './file-filter.js';
import { parseTimeBound } from './time-filter.js';
import { workspaceMatcher } from './workspace-glob.js';

/** A WHERE fragment on `sessions s` with its named parameters. */
export interface SqlFilter {
  where: string;
  params: Record<string, string>;
  /** The condition that hides a session (deleted, or hidden unless asked for), on `s`. */
  hiddenSql: string;
}

export interface FilterContext {
  /** For `~` in the workspace glob. */
  home?: string;
  now?: Date;
}

/**
 * The session filter shared by query and stats, as SQL on `sessions s`. Every condition is
 * checked here first, so bad input fails with a message naming the field, never in SQLite.
 */
export function sessionFilterSql(db: ReadableDb, filter: SessionFilter, ctx: FilterContext = {}): SqlFilter {
  const where: string[] = [];
  const params: Record<string, string> = {};

  // Deleted sessions are gone for the user; hidden ones only when asked for.
  const hiddenFlags = filter.includeHidden ? 'sm.deleted = 1' : '(sm.deleted = 1 OR sm.hidden = 1)';
  const hiddenSql = `EXISTS (SELECT 1 FROM session_meta sm WHERE sm.session_id = s.id AND ${hiddenFlags})`;
  where.push(`NOT ${hiddenSql}`);

  if (filter.agents?.length) {
    const unknown = filter.agents.filter((a) => !isAgentId(a));
    if (unknown.length) throw new DevlogError(ErrorCodes.BadRequest, `--agent: unknown agent "${unknown.join('", "')}"`, 'agent');
    params.f_agents = JSON.stringify(filter.agents);
    where.push('s.agent IN (SELECT value FROM json_each(@f_agents))');
  }

  if (filter.workspace !== undefined && filter.workspace.trim() !== '') {
    // Few distinct workspaces (one per project): match them in JS (linear-time glob), then by value.
    const matches = workspaceMatcher(filter.workspace, ctx.home);
    const all = db.prepare('SELECT DISTINCT workspace FROM sessions WHERE workspace IS NOT NULL').pluck().all() as string[];
    params.f_workspaces = JSON.stringify(all.filter(matches));
    where.push('s.workspace IN (SELECT value FROM json_each(@f_workspaces))');
  }

  if (filter.since !== undefined) {
    params.f_since = parseTimeBound(filter.since, 'since', ctx.now);
    where.push('coalesce(s.ended_at, s.started_at) >= @f_since');
  }
  if (filter.until !== undefined) {
    params.f_until = parseTimeBound(filter.until, 'until', ctx.now);
    where.push('coalesce(s.started_at, s.ended_at) < @f_until');
  }
  if (params.f_since && params.f_until && params.f_since >= params.f_until) {
    throw new DevlogError(ErrorCodes.BadRequest, `--since (${params.f_since}) is not before --until (${params.f_until})`, 'since');
  }

  if (filter.model !== undefined && filter.model.trim() !== '') {
    params.f_model = filter.model.trim().toLowerCase();
    where.push('EXISTS (SELECT 1 FROM json_each(s.models) WHERE instr(lower(value), @f_model) > 0)');
  }

  if (filter.tags?.length) {
    params.f_tags = JSON.stringify(filter.tags);
    where.push(
      `NOT EXISTS (SELECT 1 FROM json_each(@f_tags) want WHERE NOT EXISTS (
         SELECT 1 FROM session_meta sm, json_each(sm.tags) have WHERE sm.session_id = s.id AND have.value = want.value))`,
    );
  }
  if (filter.starred) where.push('EXISTS (SELECT 1 FROM session_meta sm WHERE sm.session_id = s.id AND sm.starred = 1)');

  if (filter.file !== undefined) {
    const file = fileFilterSql(filter.file, ctx.home);
    Object.assign(params, file.params);
    where.push(file.where);
  }

  return { where: where.join(' AND '), params, hiddenSql };
}
