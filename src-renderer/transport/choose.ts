import type { Transport } from '../../src-shared/rpc/transport.js';
import { desktopApi } from '../desktop-api.js';
import { connectPort } from './port.js';
import { connectWebSocket } from './websocket.js';

/** Picks the transport once: the preload's MessagePort in Electron, else the WebSocket. */
export function connectTransport(): Promise<Transport> {
  const api = desktopApi();
  return api ? connectPort(api) : connectWebSocket();
}
