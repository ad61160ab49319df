import type { UsageRecord } from '../types.js';
import type { ContentRecord } from './content-record.js';
import { countField, objectField, stringField, type JsonObject } from './json-fields.js';

/**
 * Token usage of an assistant line. Claude Code repeats one response's usage on every line of
 * that response, so the key is `${message.id}:${requestId}` and the FIRST copy wins: that is
 * what ccusage does (it skips any later line whose hash it has seen), and our totals must
 * equal ccusage's. A line lacking either id gets a key of its own, so, as in ccusage, it is
 * never deduplicated. `<synthetic>` replies are counted too (ccusage leaves them out of its
 * model list, not out of its totals).
 */
export function usageOf(rec: ContentRecord, message: JsonObject, projectPath: string): UsageRecord | undefined {
  const usage = objectField(message, 'usage');
  if (!usage) return undefined;
  if (typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') {
    rec.report('message.usage without numeric input_tokens/output_tokens: tokens not counted');
    return undefined;
  }
  const messageId = stringField(message, 'id');
  const requestId = stringField(rec.record, 'requestId');
  return {
    key: messageId && requestId ? `${messageId}:${requestId}` : lineKey(projectPath, rec),
    sessionNativeId: rec.sessionId,
    messageId: rec.uuid,
    time: rec.time,
    model: stringField(message, 'model'),
    input: countField(usage, 'input_tokens'),
    output: countField(usage, 'output_tokens'),
    cacheRead: countField(usage, 'cache_read_input_tokens'),
    cacheCreation: countField(usage, 'cache_creation_input_tokens'),
    // Claude reports thinking inside output_tokens, with no separate count.
    reasoning: 0,
    onConflict: 'keep-first',
  };
}

/** A key unique to this value of this line (stable across re-reads of the same file). */
function lineKey(projectPath: string, rec: ContentRecord): string {
  const { offset, index } = rec.place;
  return `line:${projectPath}@${offset}${index > 0 ? `.${index}` : ''}`;
}
