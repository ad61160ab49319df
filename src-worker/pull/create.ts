import { remoteKind } from '../config/remote-schema.js';
import type { Engine } from '../engine.js';
import { folderFromUrl } from '../export/folder/layout.js';
import { secretFor, tokenFor } from '../export/remote-token.js';
import { ServerSink } from '../export/server-sink.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { FolderFeed } from './folder-feed.js';
import { PullService } from './pull-service.js';
import { ServerFeed } from './server-feed.js';

/** The puller with the real sources, as the engine and `devlog sync` without an engine run it. */
export function createPullService(engine: Engine, deps: { secrets?: SecretStore }): PullService {
  return new PullService(engine, {
    sourceFor: (remote) => {
      if (remoteKind(remote.url) === 'folder') {
        return new FolderFeed({ folder: folderFromUrl(remote.url), machineId: engine.machineId, passphrase: () => secretFor(remote, 'passphrase', deps.secrets) });
      }
      const token = () => tokenFor(remote, deps.secrets);
      return new ServerFeed(remote.url, new ServerSink({ url: remote.url, token }), engine.machineId, { url: remote.url, token });
    },
  });
}
