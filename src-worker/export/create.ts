import { fileURLToPath } from 'node:url';
import { remoteKind } from '../config/remote-schema.js';
import type { Engine } from '../engine.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { ExportService, type Redactor } from './export-service.js';
import { FolderSink } from './folder/folder-sink.js';
import { lazySink } from './lazy-sink.js';
import { redactBatch } from './redaction/index.js';
import { secretFor, tokenFor } from './remote-token.js';
import { ServerSink } from './server-sink.js';
import { ExportError } from './sink.js';

export interface ExporterDeps {
  /** Where keychain tokens and passphrases are; without it only `${ENV}` references work. */
  secrets?: SecretStore;
  /** The redaction step (default: redactBatch, every kind the redaction module knows). */
  redact?: Redactor;
}

function folderOf(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    throw new ExportError(`${url} is not a local folder URL (${(err as Error).message})`, 'local');
  }
}

/** The exporter with the real sinks, as the engine and `devlog export` without an engine run it. */
export function createExportService(engine: Engine, deps: ExporterDeps): ExportService {
  return new ExportService(engine, {
    sinkFor: (remote) => {
      if (remoteKind(remote.url) === 'folder') {
        // The passphrase (when the folder is encrypted) may come from the keychain: made on first use.
        return lazySink(async () => {
          const passphrase = await secretFor(remote, 'passphrase', deps.secrets);
          return new FolderSink({ folder: folderOf(remote.url), machineId: engine.machineId, machineName: engine.machineName, ...(passphrase ? { passphrase } : {}) });
        });
      }
      return new ServerSink({ url: remote.url, token: () => tokenFor(remote, deps.secrets) });
    },
    redact: deps.redact ?? redactBatch,
  });
}
