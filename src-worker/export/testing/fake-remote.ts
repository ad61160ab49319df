import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import type { IngestBatch } from '../../../src-shared/sync-wire.js';

export interface FakeRequest {
  at: number;
  path: string;
  authorization: string | undefined;
  batch?: IngestBatch;
}

/**
 * A small HTTP server on 127.0.0.1 that plays a broken remote: each request is answered by
 * `answer` (status, headers, body; or 'hang' to never answer). Every request is recorded with
 * its time and decoded batch, so tests count attempts over time.
 */
export async function startFakeRemote(
  answer: (req: FakeRequest, n: number) => { status: number; headers?: Record<string, string>; body?: string } | 'hang',
): Promise<{ url: string; requests: FakeRequest[]; close(): Promise<void> }> {
  const requests: FakeRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const record: FakeRequest = { at: Date.now(), path: req.url ?? '', authorization: req.headers.authorization };
      if (raw.length) {
        const text = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString() : raw.toString();
        record.batch = JSON.parse(text) as IngestBatch;
      }
      requests.push(record);
      const a = answer(record, requests.length);
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a devlog server answers to an ingest it took whole. */
export function ingestOk(req: FakeRequest): { status: number; body: string } {
  const n = req.batch?.records.length ?? 0;
  return { status: 200, body: JSON.stringify({ received: n, inserted: n, updated: 0, duplicates: 0, stale: 0, cursor: String(n) }) };
}
