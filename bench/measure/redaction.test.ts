import { describe, expect, it } from 'vitest';
import { IngestBatch } from '../../src-shared/sync-wire.js';
import { redactBatch } from '../../src-worker/export/redaction/index.js';
import { transcriptBatches } from './redaction.js';

describe('redaction bench input', () => {
  it('is valid wire batches of transcript text with secrets of every kind to redact', () => {
    const { batches, textBytes } = transcriptBatches(2 * 1024 * 1024, 42);
    expect(textBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    for (const batch of batches) expect(IngestBatch.safeParse(batch).success).toBe(true);
    const kinds = new Set<string>();
    for (const batch of batches) for (const kind of Object.keys(redactBatch(batch).counts)) kinds.add(kind);
    expect([...kinds].sort()).toEqual(['anthropic-key', 'aws-access-key', 'aws-secret-key', 'github-token', 'gitlab-token', 'jwt', 'openai-key', 'password-assignment', 'private-key', 'slack-token', 'url-credentials']);
    expect(transcriptBatches(2 * 1024 * 1024, 42)).toEqual({ batches, textBytes });
  });
});
