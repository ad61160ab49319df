import type { RemotesMethods } from '../../src-shared/contract/index.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { RemoteManager } from '../remotes/remote-manager.js';
import { parseRemoteName } from '../remotes/remote-params.js';

/** remotes.*: the CLI's `devlog remote ...` and the Remotes page, on the engine's config and keychain. */
export function remoteHandlers(remotes: RemoteManager): Handlers<RemotesMethods> {
  return {
    'remotes.list': () => ({ remotes: remotes.list() }),
    'remotes.add': (params) => remotes.add(params),
    'remotes.edit': (params) => remotes.edit(params),
    'remotes.remove': (params) => remotes.remove(parseRemoteName('remotes.remove', params)),
    'remotes.test': (params, ctx) => remotes.test(parseRemoteName('remotes.test', params), ctx.signal),
  };
}
