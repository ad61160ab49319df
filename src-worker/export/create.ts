import { remoteKind, type RemoteConfig } from '../config/remote-schema.js';
import type { Engine } from '../engine.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { ExportService, type Redactor } from './export-service.js';
import { redactBatch } from './redaction/index.js';
import { tokenFor } from './remote-token.js';
import { ServerSink } from './server-sink.js';
import type { ExportSink } from './sink.js';

export interface ExporterDeps {
  /** Where keychain tokens are; without it only `${ENV}` tokens work. */
  secrets?: SecretStore;
  /** The redaction step (default: redactBatch, every kind the redaction module knows). */
  redact?: Redactor;
  /** Sinks for other kinds of remote (the folder remote). */
  folderSink?: (remote: RemoteConfig) => ExportSink;
}

/** The exporter with the real sinks, as the engine and `devlog export` without an engine run it. */
export function createExportService(engine: Engine, deps: ExporterDeps): ExportService {
  return new ExportService(engine, {
    sinkFor: (remote) => {
      if (remoteKind(remote.url) === 'folder') return deps.folderSink?.(remote);
      return new ServerSink({ url: remote.url, token: () => tokenFor(remote, deps.secrets) });
    },
    redact: deps.redact ?? redactBatch,
  });
}
