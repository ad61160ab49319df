import fs from 'node:fs';
import WebSocket from 'ws';
import type { DevlogEvents, DevlogMethods, EngineStatus } from '../src-shared/contract/index.js';
import { RpcClient } from '../src-shared/rpc/client.js';
import { fromWebSocket } from '../src-shared/rpc/transports/websocket.js';
import type { DaemonInfo } from '../src-worker/daemon-file.js';
import type { HomePaths } from '../src-worker/paths.js';
import { RPC_PATH } from '../src-worker/headless/server.js';

/** Connects to the running engine's RPC WebSocket with the install token. */
export async function connectToDaemon(paths: HomePaths, daemon: DaemonInfo): Promise<RpcClient<DevlogMethods, DevlogEvents>> {
  if (!daemon.port) throw new Error('the running engine has no local RPC port');
  const token = fs.readFileSync(paths.headlessToken, 'utf8').trim();
  const socket = new WebSocket(`ws://127.0.0.1:${daemon.port}${RPC_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return new RpcClient<DevlogMethods, DevlogEvents>(fromWebSocket(socket), { timeoutMs: 10_000 });
}

export async function fetchDaemonStatus(paths: HomePaths, daemon: DaemonInfo): Promise<EngineStatus> {
  const client = await connectToDaemon(paths, daemon);
  try {
    return await client.call('status.get');
  } finally {
    client.dispose();
  }
}
