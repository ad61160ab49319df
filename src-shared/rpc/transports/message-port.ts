import { Listeners, type Transport } from '../transport.js';
import type { Envelope } from '../envelope.js';

/**
 * The subset of the DOM MessagePort that we use. Browser MessagePorts and Node's
 * worker_threads MessagePorts both satisfy it (Node's is an EventTarget too).
 */
export interface DomMessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'close', listener: () => void): void;
  start?(): void;
  close(): void;
}

/**
 * Electron's MessagePortMain (main and utility process) is an EventEmitter whose 'message'
 * listener receives `{ data }`. Described structurally so src-shared never imports electron.
 */
export interface EmitterMessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export function fromDomMessagePort(port: DomMessagePortLike): Transport {
  const onData = (event: { data: unknown }) => core.deliver(event.data);
  const onClose = () => core.closedByPeer();
  const core = new PortCore(
    (msg) => port.postMessage(msg),
    () => {
      port.removeEventListener('message', onData);
      port.removeEventListener('close', onClose);
      port.close();
    },
  );
  port.addEventListener('message', onData);
  port.addEventListener('close', onClose);
  port.start?.();
  return core;
}

export function fromEmitterMessagePort(port: EmitterMessagePortLike): Transport {
  const core = new PortCore(
    (msg) => port.postMessage(msg),
    () => port.close(),
  );
  port.on('message', (event) => core.deliver(event.data));
  port.on('close', () => core.closedByPeer());
  port.start();
  return core;
}

class PortCore implements Transport {
  private readonly messages = new Listeners<unknown>();
  private readonly closes = new Listeners<string>();
  private closed = false;

  constructor(
    private readonly post: (msg: Envelope) => void,
    private readonly release: () => void,
  ) {}

  deliver(data: unknown): void {
    if (!this.closed) this.messages.fire(data);
  }

  closedByPeer(): void {
    this.finish('port closed');
  }

  send(message: Envelope): void {
    if (this.closed) throw new Error('port closed');
    this.post(message);
  }

  onMessage(listener: (message: unknown) => void) {
    return this.messages.add(listener);
  }

  onClose(listener: (reason: string) => void) {
    return this.closes.add(listener);
  }

  close(): void {
    if (this.closed) return;
    this.release();
    this.finish('closed locally');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closes.fire(reason);
    this.messages.clear();
    this.closes.clear();
  }
}
