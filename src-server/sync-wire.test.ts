import { describe, expect, it } from 'vitest';
import { IngestBatch, MAX_BATCH_RECORDS, WireRecord } from '../src-shared/sync-wire.js';
import { message, meta, session, sessionBatch, toolCall, usage } from './testing/records.js';

// The shared wire schemas, checked here because the server is their first user.
describe('sync wire schemas', () => {
  it('accepts every record kind the exporter sends', () => {
    for (const r of [session('a'), message('a', 'm', 't'), toolCall('a', 't'), usage('a', 'u'), meta('a', 1)]) {
      expect(WireRecord.safeParse(r).success, r.kind).toBe(true);
    }
    expect(IngestBatch.parse(sessionBatch('a'))).toEqual(sessionBatch('a'));
  });

  it('caps the records in one batch', () => {
    const records = Array.from({ length: MAX_BATCH_RECORDS + 1 }, (_, i) => message('a', `m${i}`, 'x'));
    const result = IngestBatch.safeParse({ machineId: 'm', records });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['records']);
  });

  it('rejects unknown fields instead of dropping them', () => {
    const result = WireRecord.safeParse({ ...usage('a', 'u'), costUsd: 1 });
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['costUsd'] });
  });
});
