import type { SessionRecord } from '../../sources/types.js';

/** The session columns the collector owns (everything but counts and totals). */
export interface SessionFields {
  parentSessionId: string | null;
  workspace: string | null;
  agentTitle: string | null;
  gitBranch: string | null;
  startedAt: string | null;
  endedAt: string | null;
  models: string[];
  extra: Record<string, unknown> | null;
}

function earliest(a: string | null, b: string | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return b < a ? b : a;
}

function latest(a: string | null, b: string | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return b > a ? b : a;
}

/**
 * Folds one session record into what we know: facts the agent states later win (title,
 * branch), time bounds widen, model sets grow. Nothing known is ever replaced by "unknown".
 */
export function mergeSession(into: SessionFields, rec: SessionRecord, parentId: string | null): SessionFields {
  const models = rec.models?.length ? [...new Set([...into.models, ...rec.models.filter(Boolean)])] : into.models;
  return {
    parentSessionId: parentId ?? into.parentSessionId,
    workspace: rec.workspace || into.workspace,
    agentTitle: rec.title?.trim() || into.agentTitle,
    gitBranch: rec.gitBranch || into.gitBranch,
    startedAt: earliest(into.startedAt, rec.startedAt),
    endedAt: latest(into.endedAt, rec.endedAt),
    models,
    extra: rec.extra ? { ...(into.extra ?? {}), ...rec.extra } : into.extra,
  };
}

export function widenTimes(into: SessionFields, first: string | null, last: string | null): SessionFields {
  return { ...into, startedAt: earliest(into.startedAt, first ?? undefined), endedAt: latest(into.endedAt, last ?? undefined) };
}
