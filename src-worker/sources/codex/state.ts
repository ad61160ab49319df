/**
 * What a rollout's earlier lines told us, kept in the cursor's ParserState (JSON) so that lines
 * appended later (a resumed session, a restart of devlog) are parsed with the same thread id,
 * workspace and model.
 */
import type { ParserState } from '../types.js';
import { isObject, str } from '../json-read.js';

/** [input, cached input, output, reasoning, total] of a `total_token_usage`. */
export type TokenVector = [number, number, number, number, number];

export interface RolloutState {
  threadId?: string;
  /** True once the file's own session_meta was read; later ones are history copied from another thread. */
  metaSeen?: boolean;
  /** Whose token history the usage lines repeat (see token-usage.ts). */
  usageOwner?: string;
  parentThreadId?: string;
  cwd?: string;
  gitBranch?: string;
  model?: string;
  title?: string;
  startedAt?: string;
  extra?: Record<string, unknown>;
  prevTotal?: TokenVector;
}

const STRING_KEYS = ['threadId', 'usageOwner', 'parentThreadId', 'cwd', 'gitBranch', 'model', 'title', 'startedAt'] as const;

/** Reads the state defensively: it comes back from the store as plain JSON. */
export function readRolloutState(state: ParserState): RolloutState {
  const out: RolloutState = {};
  for (const key of STRING_KEYS) {
    const value = str(state[key]);
    if (value !== undefined) out[key] = value;
  }
  if (state.metaSeen === true) out.metaSeen = true;
  if (isObject(state.extra)) out.extra = state.extra;
  if (isTokenVector(state.prevTotal)) out.prevTotal = state.prevTotal;
  return out;
}

/** Writes back into the collector's object (the handler contract mutates it in place). */
export function writeRolloutState(state: ParserState, value: RolloutState): void {
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) state[key] = field;
  }
}

function isTokenVector(value: unknown): value is TokenVector {
  return Array.isArray(value) && value.length === 5 && value.every((n) => typeof n === 'number');
}
