/** Session facts of a rollout: from session_meta and turn_context lines into state, and out as a SessionRecord. */
import type { SessionRecord } from '../types.js';
import type { RolloutState } from './state.js';
import { absolutePath, isObject, str, toIso, type JsonObject } from '../json-read.js';

/**
 * The first session_meta is the file's own thread. Forked and subagent rollouts later copy the
 * parent's history, including its session_meta: those only tell whose token lines follow.
 */
export function applySessionMeta(meta: JsonObject, state: RolloutState, fallbackId: string, lineTime?: string): void {
  const id = str(meta.id) ?? str(meta.session_id);
  state.threadId ??= id ?? fallbackId;
  if (state.metaSeen) {
    if (id !== undefined && id !== state.threadId) state.usageOwner = id;
    return;
  }
  state.metaSeen = true;
  state.cwd = absolutePath(meta.cwd) ?? state.cwd;
  state.gitBranch = (isObject(meta.git) ? str(meta.git.branch) : undefined) ?? state.gitBranch;
  state.startedAt = toIso(meta.timestamp) ?? lineTime ?? state.startedAt;
  state.parentThreadId = str(meta.parent_thread_id) ?? spawnParent(meta.source) ?? state.parentThreadId;
  const forkedFrom = str(meta.forked_from_id);
  // A child's token lines start with the parent's replayed history, keyed under the parent.
  if (state.parentThreadId !== undefined || forkedFrom !== undefined) state.usageOwner = forkedFrom ?? state.parentThreadId;
  state.extra = compact({
    originator: str(meta.originator),
    cli_version: str(meta.cli_version),
    source: meta.source ?? undefined,
    model_provider: str(meta.model_provider),
    forked_from_id: forkedFrom,
  });
}

/** `source: {subagent: {thread_spawn: {parent_thread_id}}}` in subagent rollouts. */
function spawnParent(source: unknown): string | undefined {
  if (!isObject(source) || !isObject(source.subagent) || !isObject(source.subagent.thread_spawn)) return undefined;
  return str(source.subagent.thread_spawn.parent_thread_id);
}

/** The latest turn_context model is the model of what follows; its cwd stands in for a missing session cwd. */
export function applyTurnContext(context: JsonObject, state: RolloutState): string | undefined {
  const model = str(context.model);
  if (model !== undefined) state.model = model;
  state.cwd ??= absolutePath(context.cwd);
  return model;
}

/** Times and models seen in one batch of lines. */
export class BatchFacts {
  first?: string;
  last?: string;
  readonly models = new Set<string>();

  time(iso: string | undefined): void {
    if (iso === undefined) return;
    if (this.first === undefined || iso < this.first) this.first = iso;
    if (this.last === undefined || iso > this.last) this.last = iso;
  }
}

/** Every batch repeats what is known so far; the collector merges (earliest start, latest end, union of models). */
export function sessionRecord(state: RolloutState, batch: BatchFacts, nativeId: string): SessionRecord {
  state.startedAt ??= batch.first;
  const models = new Set(batch.models);
  if (state.model !== undefined) models.add(state.model);
  return {
    nativeId,
    parentNativeId: state.parentThreadId,
    workspace: state.cwd,
    title: state.title,
    gitBranch: state.gitBranch,
    startedAt: state.startedAt,
    endedAt: batch.last,
    models: [...models],
    extra: state.extra,
  };
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
