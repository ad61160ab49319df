import type { SyncRemoteResult, SyncRemoteStatus } from '../../src-shared/contract/index.js';
import { remoteKind } from '../config/remote-schema.js';
import type { Engine } from '../engine.js';
import type { ExportService } from '../export/export-service.js';
import type { PullService } from './pull-service.js';
import { readPeers } from './pull-store.js';

/** How long `sync --status` waits for a remote to say how far behind we are. */
const BEHIND_TIMEOUT_MS = 15_000;

/**
 * `devlog sync [REMOTE]`: push (the exporter) then pull, so what this machine had goes out
 * before others' changes come in; resolves when both ended, with each remote's outcome.
 */
export async function syncNow(engine: Engine, exporter: ExportService, puller: PullService, remote?: string): Promise<SyncRemoteResult[]> {
  const only = remote === undefined ? {} : { remote };
  const pushed = await exporter.exportNow(only);
  const pulled = await puller.pullNow(only);
  return engine.config.remotes
    .filter((r) => remote === undefined || r.name === remote)
    .map((r) => ({ name: r.name, push: pushed.find((p) => p.name === r.name) ?? null, pull: pulled.find((p) => p.name === r.name) ?? null }));
}

/** `devlog sync --status`: per remote, ahead (not exported), behind (not pulled), and the last exchange with each other machine. */
export async function syncStatus(engine: Engine, exporter: ExportService, puller: PullService): Promise<SyncRemoteStatus[]> {
  const pushes = exporter.statuses();
  const pulls = puller.statuses();
  return Promise.all(
    engine.config.remotes.map(async (r): Promise<SyncRemoteStatus> => {
      const push = pushes.find((p) => p.name === r.name) ?? null;
      const pull = pulls.find((p) => p.name === r.name) ?? null;
      let behind: number | null = null;
      let behindError: string | null = null;
      if (r.pull) {
        try {
          behind = await puller.behind(r.name, AbortSignal.timeout(BEHIND_TIMEOUT_MS));
        } catch (err) {
          behindError = (err as Error).message;
        }
      }
      const peers = readPeers(engine.db, r.name).map(({ remote: _, ...p }) => p);
      return {
        name: r.name,
        kind: remoteKind(r.url),
        pull: r.pull,
        ahead: push?.backlog ?? 0,
        behind,
        behindError,
        lastPushAt: push?.lastSuccessAt ?? null,
        lastPullAt: pull?.lastPullAt ?? peers[0]?.lastAt ?? null,
        push,
        pullStatus: pull,
        peers,
      };
    }),
  );
}
