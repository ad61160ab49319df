import type { SyncMethods } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import type { ExportService } from '../export/export-service.js';
import type { PullService } from '../pull/pull-service.js';
import { syncNow, syncStatus } from '../pull/sync-ops.js';

/** sync.now / sync.status: machine sync (push then pull). Only an engine that exports and pulls answers. */
export function syncHandlers(engine: Engine, exporter: ExportService | undefined, puller: PullService | undefined): Handlers<SyncMethods> {
  const services = () => {
    if (!exporter || !puller) throw new DevlogError(ErrorCodes.Conflict, 'this engine does not sync (it only collects): run `devlog start`');
    return { exporter, puller };
  };
  return {
    'sync.now': async (params) => {
      const remote = params?.remote;
      if (remote !== undefined && (typeof remote !== 'string' || !engine.config.remotes.some((r) => r.name === remote))) {
        throw new DevlogError(ErrorCodes.NotFound, `no remote named "${String(remote)}" (see devlog remote list)`, 'remote');
      }
      const { exporter: e, puller: p } = services();
      return { remotes: await syncNow(engine, e, p, remote) };
    },
    'sync.status': async () => {
      const { exporter: e, puller: p } = services();
      return { remotes: await syncStatus(engine, e, p) };
    },
  };
}
