import type { IngestBatch, WireRecord } from '../../../src-shared/sync-wire.js';
import { redactJsonOrText, redactJsonValue } from './redact-json.js';
import { redactInto, zeroCounts, type RedactionCounts } from './redact-text.js';

type Json = NonNullable<Extract<WireRecord, { kind: 'message' }>['content']>;

/** A nullable text field: null and undefined stay as they are. */
function text<T extends string | null | undefined>(value: T, counts: RedactionCounts, redact = redactInto): T {
  return (typeof value === 'string' ? redact(value, counts) : value) as T;
}

function json<T>(value: T, counts: RedactionCounts): T {
  return (value === null || value === undefined ? value : (redactJsonValue(value, counts) as Json)) as T;
}

/** A copy of `record` with the fields that changed; `record` itself when none did. */
function withChanges<T extends WireRecord>(record: T, fields: Partial<T>): T {
  let copy: T | undefined;
  for (const [key, value] of Object.entries(fields) as [keyof T, T[keyof T]][]) {
    if (value !== record[key]) (copy ??= { ...record })[key] = value;
  }
  return copy ?? record;
}

/** Only the fields people write in: ids, hashes, times, names, numbers and flags are never touched. */
function redactRecord(record: WireRecord, counts: RedactionCounts): WireRecord {
  switch (record.kind) {
    case 'session':
      return withChanges(record, { agentTitle: text(record.agentTitle, counts), firstPrompt: text(record.firstPrompt, counts), extra: json(record.extra, counts) });
    case 'message':
      return withChanges(record, { text: redactInto(record.text, counts), content: json(record.content, counts) });
    case 'tool_call':
      return withChanges(record, { input: text(record.input, counts, redactJsonOrText), result: text(record.result, counts, redactJsonOrText) });
    case 'session_meta':
      return withChanges(record, { title: text(record.title, counts) });
    case 'usage':
      return record;
  }
}

/**
 * The batch as it may leave the machine: secrets in message text and content, tool inputs and
 * results, session titles, first prompts and extras replaced by `[REDACTED:kind]`. The input
 * batch is never modified (the local store keeps the original); records without a secret are
 * shared with it, so treat both as read-only. `counts` has only the kinds found, for the
 * outbound log.
 */
export function redactBatch(batch: IngestBatch): { batch: IngestBatch; counts: Record<string, number> } {
  const counts = zeroCounts();
  const records = batch.records.map((record) => redactRecord(record, counts));
  const found = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  return { batch: { ...batch, records }, counts: found };
}
