import type { Transport } from '../../src-shared/rpc/transport.js';
import { fromWebSocket } from '../../src-shared/rpc/transports/websocket.js';

/** Headless: the page's own origin serves the RPC WebSocket; the HttpOnly cookie authenticates it. */
export function connectWebSocket(): Promise<Transport> {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/rpc`);
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(fromWebSocket(socket)), { once: true });
    socket.addEventListener('close', () => reject(new Error('could not connect to the devlog engine')), { once: true });
  });
}
