import { describe, expect, it } from 'vitest';
import { IngestBatch } from '../../src-shared/sync-wire.js';
import { REDACTION_KINDS, redactBatch } from '../../src-worker/export/redaction/index.js';
import { transcriptBatches } from './redaction.js';

describe('redaction bench input', () => {
  it('is valid wire batches of transcript text with secrets of every kind to redact', () => {
    const { batches, textBytes } = transcriptBatches(2 * 1024 * 1024, 42);
    expect(textBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    for (const batch of batches) expect(IngestBatch.safeParse(batch).success).toBe(true);
    const kinds = new Set<string>();
    for (const batch of batches) for (const kind of Object.keys(redactBatch(batch).counts)) kinds.add(kind);
    expect([...kinds].sort()).toEqual([...REDACTION_KINDS].sort());
    expect(transcriptBatches(2 * 1024 * 1024, 42)).toEqual({ batches, textBytes });
  });
});
