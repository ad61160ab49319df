import { DevlogError, ErrorCodes, toWireError } from '../errors.js';
import type { Disposable } from '../lifecycle.js';
import { isEnvelope, type Envelope, type EventMap, type MethodMap } from './envelope.js';
import type { Transport } from './transport.js';

/** Per-call context, so handlers can tell connections apart (e.g. for cancellation later). */
export interface CallContext {
  connectionId: number;
}

export type Handlers<M extends MethodMap> = {
  [K in keyof M]: (params: M[K]['params'], ctx: CallContext) => M[K]['result'] | Promise<M[K]['result']>;
};

/**
 * Serves one set of handlers to any number of connections on any transports, and pushes events
 * to all of them. Handlers never know which transport a call came from.
 */
export class RpcServer<M extends MethodMap, E extends EventMap> implements Disposable {
  private readonly connections = new Map<number, { transport: Transport; subs: Disposable[] }>();
  private nextConnectionId = 1;

  constructor(private readonly handlers: Handlers<M>) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts serving a transport; disposing the result closes it. */
  connect(transport: Transport): Disposable {
    const connectionId = this.nextConnectionId++;
    const subs = [
      transport.onMessage((msg) => void this.receive(connectionId, transport, msg)),
      transport.onClose(() => this.drop(connectionId)),
    ];
    this.connections.set(connectionId, { transport, subs });
    return {
      dispose: () => {
        this.drop(connectionId);
        transport.close();
      },
    };
  }

  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    const envelope: Envelope = { t: 'evt', n: event, p: payload };
    for (const [id, { transport }] of this.connections) {
      try {
        transport.send(envelope);
      } catch {
        // A connection that cannot take the event is broken; drop it rather than throw at the emitter.
        this.drop(id);
      }
    }
  }

  dispose(): void {
    for (const [id, { transport }] of [...this.connections]) {
      this.drop(id);
      transport.close();
    }
  }

  private drop(connectionId: number): void {
    const conn = this.connections.get(connectionId);
    if (!conn) return;
    this.connections.delete(connectionId);
    for (const sub of conn.subs) sub.dispose();
  }

  private async receive(connectionId: number, transport: Transport, msg: unknown): Promise<void> {
    if (!isEnvelope(msg) || msg.t !== 'req') return;
    const { id, m } = msg;
    let reply: Envelope;
    try {
      if (!Object.prototype.hasOwnProperty.call(this.handlers, m)) {
        throw new DevlogError(ErrorCodes.UnknownMethod, `unknown method: ${m}`);
      }
      const handler = this.handlers[m as keyof M];
      const result = await handler(msg.p as M[keyof M]['params'], { connectionId });
      reply = { t: 'res', id, r: result };
    } catch (err) {
      reply = { t: 'err', id, e: toWireError(err) };
    }
    if (!this.connections.has(connectionId)) return;
    try {
      transport.send(reply);
    } catch (err) {
      // The result could not cross this transport (not cloneable / not JSON): say so instead of hanging.
      const e = toWireError(new DevlogError(ErrorCodes.Internal, `${m}: result could not be sent (${(err as Error).message})`));
      try {
        transport.send({ t: 'err', id, e });
      } catch {
        this.drop(connectionId);
      }
    }
  }
}
