// Search as you type: a newer sessions.query from the same connection cancels the one still
// running; another connection's query is left alone. The query thread is a stand-in that sleeps
// on demand (a real search is too fast on test data to be caught mid-flight).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src-shared/errors.js';
import { Engine } from '../engine.js';
import { useTempHome } from '../testing/temp-home.js';
import { sessionHandlers } from './sessions.js';

const tempDir = useTempHome('devlog-supersede-');
const STAND_IN = `
import { parentPort } from 'node:worker_threads';
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', ({ id, params }) => {
  if (params.sleepMs) Atomics.wait(pause, 0, 0, params.sleepMs);
  parentPort.postMessage({ id, ok: true, result: params.echo });
});
`;

describe('sessions.query superseded by a newer one', () => {
  let previous: string | undefined;
  beforeAll(() => {
    previous = process.env.DEVLOG_THREADS_DIR;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DEVLOG_THREADS_DIR;
    else process.env.DEVLOG_THREADS_DIR = previous;
  });

  it('cancels the older query of the same connection only', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'query-thread.mjs'), STAND_IN);
    process.env.DEVLOG_THREADS_DIR = dir;
    const engine = Engine.open({ home: path.join(dir, 'home') });
    try {
      const h = sessionHandlers(engine);
      const ctx = (connectionId: number) => ({ connectionId, signal: new AbortController().signal });
      const q = (params: object, c: number) => h['sessions.query'](params as never, ctx(c)) as Promise<unknown>;
      const old = q({ sleepMs: 60_000, echo: 'old' }, 1);
      await new Promise((r) => setTimeout(r, 50));
      const newer = q({ echo: 'newer' }, 1);
      const other = q({ echo: 'other connection' }, 2);
      await expect(old).rejects.toMatchObject({ code: ErrorCodes.Cancelled });
      await expect(newer).resolves.toBe('newer');
      await expect(other).resolves.toBe('other connection');
    } finally {
      engine.dispose();
    }
  });
});
