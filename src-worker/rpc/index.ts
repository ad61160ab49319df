import type { DevlogEvents, DevlogMethods } from '../../src-shared/contract/index.js';
import { RpcServer, type Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import { sessionHandlers } from './sessions.js';
import { statusHandlers } from './status.js';

/** All handler modules merged into one map that must satisfy the whole contract. */
export function createHandlers(engine: Engine): Handlers<DevlogMethods> {
  return {
    ...statusHandlers(engine),
    ...sessionHandlers(engine),
  };
}

/** The engine's RPC server, with status changes pushed to every connection. */
export function createEngineRpcServer(engine: Engine): RpcServer<DevlogMethods, DevlogEvents> {
  const server = new RpcServer<DevlogMethods, DevlogEvents>(createHandlers(engine));
  engine.own(engine.onStatusChanged((status) => server.emit('status.changed', status)));
  engine.own(server);
  return server;
}
