import { describe, expect, it } from 'vitest';
import { lazySink } from './lazy-sink.js';
import type { ExportSink } from './sink.js';

describe('lazySink', () => {
  it('makes the sink once, on first use, and again after making it failed', async () => {
    let made = 0;
    let fail = true;
    const sent: number[] = [];
    const sink = lazySink(async () => {
      made++;
      if (fail) throw new Error('remote "home": its passphrase should be in the OS keychain but is not there');
      const inner: ExportSink = { send: async (b) => (sent.push(b.records.length), { bytes: 1 }), check: async () => ({ authenticatedAs: null }) };
      return inner;
    });
    expect(made).toBe(0);
    const signal = new AbortController().signal;
    await expect(sink.send({ machineId: 'm', records: [] }, signal)).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('passphrase') });
    fail = false;
    await sink.send({ machineId: 'm', records: [] }, signal);
    await sink.check(signal);
    expect(made).toBe(2);
    expect(sent).toEqual([0]);
  });
});
