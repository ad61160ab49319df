// The query runner's promises: a cancelled query stops at once even mid-statement (the thread is
// replaced), queries behind it still get their answers, and a dead thread never leaves a caller
// hanging. A stand-in thread script sleeps on demand, as a long SQLite statement would block.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src-shared/errors.js';
import { useTempHome } from '../../testing/temp-home.js';
import { QueryRunner } from './query-runner.js';

const tempDir = useTempHome('devlog-query-runner-');

/** Answers { echo } after blocking its thread for { sleepMs } (like a long query); { die } exits. */
const STAND_IN = `
import { parentPort } from 'node:worker_threads';
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', ({ id, params }) => {
  if (params.die) process.exit(3);
  if (params.sleepMs) Atomics.wait(pause, 0, 0, params.sleepMs);
  parentPort.postMessage({ id, ok: true, result: params.echo });
});
`;

function runner(): QueryRunner {
  const script = path.join(tempDir(), 'query-thread.mjs');
  fs.writeFileSync(script, STAND_IN);
  return new QueryRunner({ dbPath: '(unused)', prices: undefined }, script);
}

describe('QueryRunner', () => {
  it('cancels a running query at once and answers the next one on a fresh thread', async () => {
    const r = runner();
    try {
      const controller = new AbortController();
      const long = r.run('sessions.query', { sleepMs: 60_000, echo: 'never' }, controller.signal);
      const behind = r.run('sessions.query', { echo: 'behind' });
      setTimeout(() => controller.abort(), 100);
      await expect(long).rejects.toMatchObject({ code: ErrorCodes.Cancelled });
      await expect(behind).resolves.toBe('behind');
      await expect(r.run('stats.get', { echo: 'after' })).resolves.toBe('after');
    } finally {
      r.dispose();
    }
  });

  it('drops a query cancelled before it started, and the one running finishes', async () => {
    const r = runner();
    try {
      const first = r.run('sessions.query', { sleepMs: 200, echo: 'first' });
      const controller = new AbortController();
      const second = r.run('sessions.query', { echo: 'second' }, controller.signal);
      controller.abort();
      await expect(second).rejects.toMatchObject({ code: ErrorCodes.Cancelled });
      await expect(first).resolves.toBe('first');
    } finally {
      r.dispose();
    }
  });

  it('rejects every waiting query when the thread dies, and starts a new one for the next', async () => {
    const r = runner();
    try {
      const dying = r.run('sessions.show', { die: true });
      const waiting = r.run('sessions.show', { echo: 'lost' });
      await expect(dying).rejects.toMatchObject({ code: ErrorCodes.Internal, message: expect.stringMatching(/query thread stopped: exit code 3/) });
      await expect(waiting).rejects.toMatchObject({ code: ErrorCodes.Internal });
      await expect(r.run('sessions.show', { echo: 'again' })).resolves.toBe('again');
    } finally {
      r.dispose();
    }
  });
});
