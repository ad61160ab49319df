import { tokenCount } from '../token-count.js';
import type { UsageRecord } from '../types.js';
import type { ContentRecord } from './content-record.js';
import { isObject, objectField, stringField, type JsonObject } from './json-fields.js';

/**
 * Token usage of an assistant line: one row per billed response, as ccusage 20 counts it.
 *
 * Claude Code writes one streamed response on several lines (one per content block), each with
 * a copy of the usage; the early copies carry a partial output_tokens. The key is
 * `${message.id}:${requestId}` (requestId may be missing: then the message id alone), and the
 * store keeps the maximum of each count over the copies ('max-per-field'): the final usage
 * whatever order the copies arrive in (files, batches, resumed sessions). A line without a
 * message id gets a key of its own and is never merged. `<synthetic>` replies are counted
 * (ccusage leaves them out of its model list, not out of its totals).
 *
 * cache_creation_input_tokens: when the `cache_creation` breakdown is present, its 5-minute and
 * 1-hour parts are the count (what ccusage bills); else the plain field.
 */
export function usageOf(rec: ContentRecord, message: JsonObject, projectPath: string, field = 'message.usage'): UsageRecord | undefined {
  const usage = objectField(message, 'usage');
  if (!usage) return undefined;
  if (usage.input_tokens === undefined || usage.output_tokens === undefined) {
    rec.report(`${field} without input_tokens/output_tokens: tokens not counted`);
    return undefined;
  }
  const count = (name: string) => tokenCount(usage[name], `${field}.${name}`, rec.report);
  const messageId = stringField(message, 'id');
  const requestId = stringField(rec.record, 'requestId');
  return {
    key: messageId ? `${messageId}:${requestId ?? ''}` : lineKey(projectPath, rec),
    sessionNativeId: rec.sessionId,
    messageId: rec.uuid,
    time: rec.time,
    model: stringField(message, 'model'),
    input: count('input_tokens'),
    output: count('output_tokens'),
    cacheRead: count('cache_read_input_tokens'),
    cacheCreation: cacheCreationOf(usage, field, rec.report) ?? count('cache_creation_input_tokens'),
    // Claude reports thinking inside output_tokens, with no separate count.
    reasoning: 0,
    onConflict: 'max-per-field',
  };
}

function cacheCreationOf(usage: JsonObject, field: string, report: (reason: string) => void): number | undefined {
  const parts = usage.cache_creation;
  if (!isObject(parts)) return undefined;
  const name = `${field}.cache_creation`;
  return tokenCount(parts.ephemeral_5m_input_tokens, `${name}.ephemeral_5m_input_tokens`, report) + tokenCount(parts.ephemeral_1h_input_tokens, `${name}.ephemeral_1h_input_tokens`, report);
}

/** A key unique to this value of this line (stable across re-reads of the same file). */
function lineKey(projectPath: string, rec: ContentRecord): string {
  const { offset, index } = rec.place;
  return `line:${projectPath}@${offset}${index > 0 ? `.${index}` : ''}`;
}
