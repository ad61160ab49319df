import type { IngestBatch } from '../../src-shared/sync-wire.js';

/**
 * Where an export batch goes: a devlog server (POST /v1/ingest) or a folder remote (segment
 * files). The exporter builds batches, redacts them, and advances a remote's cursor only when
 * its sink acknowledged the batch; a sink throws an ExportError for everything else.
 */
export interface ExportSink {
  /** Sends one batch; resolves only when the remote has it durably (acknowledged or renamed into place). */
  send(batch: IngestBatch, signal: AbortSignal): Promise<{ bytes: number }>;
  /** Who we are there and whether we can reach it (for `remote test`). */
  check(signal: AbortSignal): Promise<{ authenticatedAs: string | null }>;
}

/**
 * What went wrong, in a form the exporter acts on: `auth` stops retrying until the remote is
 * edited or tested, `retryAfterMs` overrides the backoff, everything else backs off.
 */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'offline' | 'rejected' | 'garbage' | 'timeout' | 'local',
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}
