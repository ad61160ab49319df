import { Listeners, type Transport } from '../transport.js';
import type { Envelope } from '../envelope.js';

/** What we use of a WebSocket: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
  close(code?: number, reason?: string): void;
}

const OPEN = 1;

/** JSON over a WebSocket. Values that JSON cannot carry (BigInt, cycles) make send() throw. */
export function fromWebSocket(socket: WebSocketLike): Transport {
  const messages = new Listeners<unknown>();
  const closes = new Listeners<string>();
  let closed = false;
  const finish = (reason: string) => {
    if (closed) return;
    closed = true;
    closes.fire(reason);
    messages.clear();
    closes.clear();
  };

  socket.addEventListener('message', (event) => {
    if (closed || typeof event.data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      return; // Not ours; the RPC layer ignores anything that is not an envelope.
    }
    messages.fire(parsed);
  });
  socket.addEventListener('close', (event) => finish(event.reason || `socket closed (${event.code})`));
  socket.addEventListener('error', () => undefined);

  return {
    send(message: Envelope) {
      if (closed || socket.readyState !== OPEN) throw new Error('socket not open');
      socket.send(JSON.stringify(message));
    },
    onMessage: (listener) => messages.add(listener),
    onClose: (listener) => closes.add(listener),
    close() {
      if (closed) return;
      socket.close(1000, 'closed');
      finish('closed locally');
    },
  };
}
