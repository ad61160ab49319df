/**
 * Usage from `event_msg/token_count` lines.
 *
 * Counting (same as ccusage's codex loader): `last_token_usage` is one request; when a build
 * writes only the running `total_token_usage`, the request is the difference to the previous
 * total. `cached_input_tokens` is part of `input_tokens` and `reasoning_output_tokens` part of
 * `output_tokens`, so input is stored WITHOUT the cached part (like Claude's input_tokens) and
 * input + cacheRead + output equals Codex's total_tokens; reasoning is informational.
 *
 * Deduplication: Codex re-emits token_count with an unchanged running total (rate-limit
 * refreshes), and forked/subagent rollouts replay the parent's token_count lines. A request is
 * therefore keyed by its running total, scoped to the thread whose history it belongs to
 * (`usageOwner`), so a re-emit or a replay lands on the key already written. Lines without a
 * running total fall back to the line's own position.
 */
import type { UsageRecord } from '../types.js';
import type { RolloutState, TokenVector } from './state.js';
import { isObject, str, type JsonObject } from '../json-read.js';
import { tokenCount } from '../token-count.js';

export interface UsageContext {
  sessionId: string;
  /** `${threadId}:${offset}`: the key when the line has no running total. */
  positionKey: string;
  time?: string;
  /** Reports a problem with this line (an odd count: counted as 0). */
  report: (reason: string) => void;
}

export function usageFromTokenCount(payload: JsonObject, ctx: UsageContext, state: RolloutState): UsageRecord | undefined {
  const info = payload.info;
  if (!isObject(info)) return undefined; // info: null before the first response
  const total = readVector(info.total_token_usage, 'payload.info.total_token_usage', ctx.report);
  const last = readVector(info.last_token_usage, 'payload.info.last_token_usage', ctx.report);
  const previous = state.prevTotal;
  if (total !== undefined) state.prevTotal = total;
  if (total !== undefined && previous !== undefined && sameVector(total, previous)) return undefined; // re-emit
  const request = last ?? (total !== undefined ? subtract(total, previous) : undefined);
  if (request === undefined || request.every((n) => n === 0)) return undefined;

  const [input, cached, output, reasoning] = request;
  const cacheRead = Math.min(cached, input);
  const cacheWrite = Math.min(readCacheWrite(info.last_token_usage, ctx.report), input - cacheRead);
  const owner = state.usageOwner ?? ctx.sessionId;
  return {
    key: total !== undefined ? `${owner}:total:${total.join('-')}` : ctx.positionKey,
    sessionNativeId: ctx.sessionId,
    time: ctx.time,
    model: str(info.model) ?? state.model,
    input: input - cacheRead - cacheWrite,
    output,
    cacheRead,
    cacheCreation: cacheWrite,
    reasoning,
  };
}

function readVector(value: unknown, field: string, report: (reason: string) => void): TokenVector | undefined {
  if (!isObject(value)) return undefined;
  const count = (name: string) => tokenCount(value[name], `${field}.${name}`, report);
  const input = count('input_tokens');
  const output = count('output_tokens');
  return [
    input,
    value.cached_input_tokens !== undefined ? count('cached_input_tokens') : count('cache_read_input_tokens'),
    output,
    count('reasoning_output_tokens'),
    count('total_tokens') || input + output,
  ];
}

/** 2026 builds add `cache_write_input_tokens` (0 in every sample); treated as part of input too. */
function readCacheWrite(value: unknown, report: (reason: string) => void): number {
  return isObject(value) ? tokenCount(value.cache_write_input_tokens, 'payload.info.last_token_usage.cache_write_input_tokens', report) : 0;
}

function subtract(total: TokenVector, previous: TokenVector | undefined): TokenVector {
  if (previous === undefined) return total;
  return total.map((n, i) => Math.max(n - previous[i]!, 0)) as TokenVector;
}

function sameVector(a: TokenVector, b: TokenVector): boolean {
  return a.every((n, i) => n === b[i]);
}
