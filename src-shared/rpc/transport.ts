import type { Disposable } from '../lifecycle.js';
import type { Envelope } from './envelope.js';

/**
 * The only thing RPC needs from a channel: send, receive, learn it closed, close it.
 * Each concrete transport (MessagePort, WebSocket, in-process) is a few dozen lines.
 */
export interface Transport {
  /** Sends one envelope. Throws if the payload cannot be serialized on this transport. */
  send(message: Envelope): void;
  onMessage(listener: (message: unknown) => void): Disposable;
  onClose(listener: (reason: string) => void): Disposable;
  close(): void;
}

/** A tiny listener list used by the transports. */
export class Listeners<T> {
  private readonly fns = new Set<(value: T) => void>();

  add(fn: (value: T) => void): Disposable {
    this.fns.add(fn);
    return { dispose: () => this.fns.delete(fn) };
  }

  fire(value: T): void {
    for (const fn of [...this.fns]) fn(value);
  }

  clear(): void {
    this.fns.clear();
  }
}
