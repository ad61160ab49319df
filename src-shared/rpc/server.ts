import { DevlogError, ErrorCodes, toWireError } from '../errors.js';
import type { Disposable } from '../lifecycle.js';
import { isEnvelope, type Envelope, type EventMap, type MethodMap } from './envelope.js';
import type { Transport } from './transport.js';

/** Per-call context: which connection asked, and a signal aborted when the answer is no longer wanted. */
export interface CallContext {
  connectionId: number;
  /** Aborted when the caller cancels the call or its connection closes: long work should stop. */
  signal: AbortSignal;
}

export type Handlers<M extends MethodMap> = {
  [K in keyof M]: (params: M[K]['params'], ctx: CallContext) => M[K]['result'] | Promise<M[K]['result']>;
};

/**
 * Serves one set of handlers to any number of connections on any transports, and pushes events
 * to all of them. Handlers never know which transport a call came from.
 */
export class RpcServer<M extends MethodMap, E extends EventMap> implements Disposable {
  private readonly connections = new Map<number, { transport: Transport; subs: Disposable[]; inFlight: Map<number, AbortController> }>();
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
    this.connections.set(connectionId, { transport, subs, inFlight: new Map() });
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
    // Nobody is left to read these answers: stop the work.
    for (const controller of conn.inFlight.values()) controller.abort(new DevlogError(ErrorCodes.Cancelled, 'connection closed'));
    conn.inFlight.clear();
  }

  private async receive(connectionId: number, transport: Transport, msg: unknown): Promise<void> {
    if (!isEnvelope(msg)) return;
    const inFlight = this.connections.get(connectionId)?.inFlight;
    if (msg.t === 'cancel') {
      inFlight?.get(msg.id)?.abort(new DevlogError(ErrorCodes.Cancelled, 'cancelled by the caller'));
      return;
    }
    if (msg.t !== 'req' || !inFlight) return;
    const { id, m } = msg;
    const controller = new AbortController();
    inFlight.set(id, controller);
    let reply: Envelope;
    try {
      if (!Object.prototype.hasOwnProperty.call(this.handlers, m)) {
        throw new DevlogError(ErrorCodes.UnknownMethod, `unknown method: ${m}`);
      }
      const handler = this.handlers[m as keyof M];
      const result = await handler(msg.p as M[keyof M]['params'], { connectionId, signal: controller.signal });
      reply = { t: 'res', id, r: result };
    } catch (err) {
      reply = { t: 'err', id, e: toWireError(err) };
    } finally {
      inFlight.delete(id);
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
