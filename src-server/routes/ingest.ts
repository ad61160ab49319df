import { IngestBatch } from '../../src-shared/sync-wire.js';
import { requireTeam } from '../http/auth.js';
import { readJsonBody } from '../http/body.js';
import { forbidden, fromZodError, sendJson } from '../http/errors.js';
import type { Route } from '../http/router.js';
import { ingestBatch } from '../queries/ingest.js';
import { machineRevokedAt } from '../queries/machines.js';

/** POST /v1/ingest: one batch of records from one machine, stored idempotently. */
export const ingestRoute: Route = {
  method: 'POST',
  path: '/v1/ingest',
  auth: true,
  async handler({ req, res, app, principal }) {
    const body = await readJsonBody(req, app.options.maxBodyBytes);
    const parsed = IngestBatch.safeParse(body);
    if (!parsed.success) throw fromZodError(parsed.error, 'body');
    const batch = parsed.data;
    // A machine's own token speaks for that machine only; a revoked machine sends nothing more.
    if (principal.machineId !== null && batch.machineId !== principal.machineId) {
      throw forbidden(`this token belongs to machine ${principal.machineId}, not ${batch.machineId}`);
    }
    const revokedAt = await machineRevokedAt(app.db.pool, principal.userId, batch.machineId);
    if (revokedAt) throw forbidden(`machine ${batch.machineId} was revoked on ${revokedAt.toISOString()}: its batches are refused`);
    const team = batch.team === undefined ? null : requireTeam(principal, batch.team);
    const result = await ingestBatch(app.db.pool, principal, batch, team?.id ?? null);
    const m = app.metrics.ingested;
    m.inc({ outcome: 'inserted' }, result.inserted);
    m.inc({ outcome: 'updated' }, result.updated);
    m.inc({ outcome: 'duplicate' }, result.duplicates);
    m.inc({ outcome: 'stale' }, result.stale);
    sendJson(res, 200, result);
  },
};
