import type { ExportMethods } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import { readOutboundLog } from '../export/export-store.js';
import type { ExportService } from '../export/export-service.js';

function knownRemote(engine: Engine, name: unknown, field: string): string | undefined {
  if (name === undefined || name === null) return undefined;
  if (typeof name !== 'string') throw new DevlogError(ErrorCodes.BadRequest, `${field} must be a string`, field);
  if (!engine.config.remotes.some((r) => r.name === name)) throw new DevlogError(ErrorCodes.NotFound, `no remote named "${name}" (see devlog remote list)`, field);
  return name;
}

/** export.now / export.status / export.log. Without an exporter (a collect-only engine) only the log answers. */
export function exportHandlers(engine: Engine, exporter: ExportService | undefined): Handlers<ExportMethods> {
  return {
    'export.now': async (params) => {
      const remote = knownRemote(engine, params?.remote, 'remote');
      if (params?.all !== undefined && typeof params.all !== 'boolean') throw new DevlogError(ErrorCodes.BadRequest, 'all must be true or false', 'all');
      if (!exporter) throw new DevlogError(ErrorCodes.Conflict, 'this engine does not export (it only collects): run `devlog start`');
      return { remotes: await exporter.exportNow({ ...(remote ? { remote } : {}), all: params?.all === true }) };
    },
    'export.status': () => ({ remotes: exporter?.statuses() ?? [] }),
    'export.log': (params) => {
      const remote = params?.remote === undefined ? undefined : String(params.remote);
      const limit = params?.limit;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new DevlogError(ErrorCodes.BadRequest, 'limit must be a positive whole number', 'limit');
      return { entries: readOutboundLog(engine.db, { ...(remote ? { remote } : {}), ...(limit ? { limit } : {}) }) };
    },
  };
}
