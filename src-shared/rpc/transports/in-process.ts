import { Listeners, type Transport } from '../transport.js';
import type { Envelope } from '../envelope.js';

/**
 * Two connected transports in one process (tests, CLI talking to an embedded engine).
 * Messages are structured-cloned like a real port would, and delivered asynchronously.
 */
export function createInProcessPair(): [Transport, Transport] {
  const a = new InProcessEnd();
  const b = new InProcessEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class InProcessEnd implements Transport {
  peer: InProcessEnd | undefined;
  private readonly messages = new Listeners<unknown>();
  private readonly closes = new Listeners<string>();
  private closed = false;

  send(message: Envelope): void {
    if (this.closed) throw new Error('transport closed');
    const copy = structuredClone(message);
    const peer = this.peer;
    queueMicrotask(() => {
      if (peer && !peer.closed) peer.messages.fire(copy);
    });
  }

  onMessage(listener: (message: unknown) => void) {
    return this.messages.add(listener);
  }

  onClose(listener: (reason: string) => void) {
    return this.closes.add(listener);
  }

  close(): void {
    this.shut('closed locally');
    this.peer?.shut('peer closed');
  }

  private shut(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closes.fire(reason);
    this.messages.clear();
    this.closes.clear();
  }
}
