import fs from 'node:fs';
import WebSocket from 'ws';
import type { DevlogEvents, DevlogMethods, EngineStatus } from '../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { RpcClient } from '../src-shared/rpc/client.js';
import { fromWebSocket } from '../src-shared/rpc/transports/websocket.js';
import type { DaemonInfo } from '../src-worker/daemon-file.js';
import type { HomePaths } from '../src-worker/paths.js';
import { RPC_PATH } from '../src-worker/headless/server.js';

/** A loopback engine connects in milliseconds and answers status at once; longer means it is stuck. */
export const DAEMON_CONNECT_TIMEOUT_MS = 3_000;
export const DAEMON_ANSWER_TIMEOUT_MS = 5_000;

/** The engine's process is there (its port accepts connections) but it does not answer. */
export function engineNotAnswering(daemon: DaemonInfo): DevlogError {
  return new DevlogError(ErrorCodes.Timeout, `engine not answering (pid ${daemon.pid}, port ${daemon.port ?? 'none'})`);
}

/** The loopback address the engine listens on (`--host`), as its daemon file's URL says. */
function daemonHost(daemon: DaemonInfo): string {
  try {
    return daemon.url ? new URL(daemon.url).host.replace(/:\d+$/, '') : '127.0.0.1';
  } catch {
    return '127.0.0.1';
  }
}

/** Opens the running engine's RPC WebSocket with the install token, or fails within the connect timeout. */
async function openDaemonSocket(paths: HomePaths, daemon: DaemonInfo, connectMs: number): Promise<WebSocket> {
  if (!daemon.port) throw new Error('the running engine has no local RPC port');
  const token = fs.readFileSync(paths.headlessToken, 'utf8').trim();
  const socket = new WebSocket(`ws://${daemonHost(daemon)}:${daemon.port}${RPC_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  socket.on('error', () => undefined); // Reported through the promise below; later ones are moot.
  await new Promise<void>((resolve, reject) => {
    // Our own timer covers every stage (TCP connect, the upgrade's answer) whatever ws does.
    const timer = setTimeout(() => {
      socket.terminate();
      reject(engineNotAnswering(daemon));
    }, connectMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

/**
 * An RPC client on the running engine (connect within the timeout, every answer within its own).
 * Dispose it when done: that also drops the socket.
 */
export async function connectToDaemon(
  paths: HomePaths,
  daemon: DaemonInfo,
  timeouts = { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs: DAEMON_ANSWER_TIMEOUT_MS },
): Promise<RpcClient<DevlogMethods, DevlogEvents>> {
  const socket = await openDaemonSocket(paths, daemon, timeouts.connectMs);
  const client = new RpcClient<DevlogMethods, DevlogEvents>(fromWebSocket(socket), { timeoutMs: timeouts.answerMs });
  client.onClose(() => socket.terminate());
  return client;
}

/** Asks the running engine for its status; a stuck engine is an "engine not answering" error, never a hang. */
export async function fetchDaemonStatus(
  paths: HomePaths,
  daemon: DaemonInfo,
  timeouts = { connectMs: DAEMON_CONNECT_TIMEOUT_MS, answerMs: DAEMON_ANSWER_TIMEOUT_MS },
): Promise<EngineStatus> {
  const socket = await openDaemonSocket(paths, daemon, timeouts.connectMs);
  const client = new RpcClient<DevlogMethods, DevlogEvents>(fromWebSocket(socket), { timeoutMs: timeouts.answerMs });
  try {
    return await client.call('status.get');
  } catch (err) {
    if (err instanceof DevlogError && err.code === ErrorCodes.Timeout) throw engineNotAnswering(daemon);
    throw err;
  } finally {
    client.dispose();
    // No closing handshake with an engine that may never answer it: that would keep the CLI alive.
    socket.terminate();
  }
}
