import { DevlogError, ErrorCodes, isWireError } from '../errors.js';
import type { Disposable } from '../lifecycle.js';
import { isEnvelope, type EventMap, type MethodMap, type ParamArgs } from './envelope.js';
import { Listeners, type Transport } from './transport.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: DevlogError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface RpcClientOptions {
  /** A call with no answer after this long fails with TIMEOUT instead of hanging. 0 disables. */
  timeoutMs?: number;
}

/** Calls methods and receives events over one transport. Generic over the contract maps. */
export class RpcClient<M extends MethodMap, E extends EventMap> implements Disposable {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<keyof E, Listeners<unknown>>();
  private readonly closeListeners = new Listeners<string>();
  private closedReason: string | undefined;
  private readonly subscriptions: Disposable[];
  private readonly timeoutMs: number;

  constructor(
    private readonly transport: Transport,
    options: RpcClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.subscriptions = [
      transport.onMessage((msg) => this.receive(msg)),
      transport.onClose((reason) => this.handleClose(reason)),
    ];
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  call<K extends keyof M & string>(method: K, ...args: ParamArgs<M[K]['params']>): Promise<M[K]['result']> {
    return this.callWith({}, method, ...args);
  }

  /**
   * Like call(), with options: aborting `signal` rejects at once with CANCELLED and tells the
   * server, which stops the work (search as you type: each keystroke cancels the last query).
   * `timeoutMs` replaces the client's answer timeout for this call (0: none), for calls whose
   * length is the work itself (Export now); a closed connection still ends them.
   */
  callWith<K extends keyof M & string>(
    options: { signal?: AbortSignal; timeoutMs?: number },
    method: K,
    ...args: ParamArgs<M[K]['params']>
  ): Promise<M[K]['result']> {
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    if (signal?.aborted) return Promise.reject(new DevlogError(ErrorCodes.Cancelled, `${method} was cancelled`));
    if (this.closedReason !== undefined) {
      return Promise.reject(new DevlogError(ErrorCodes.Disconnected, `connection closed: ${this.closedReason}`));
    }
    const id = this.nextId++;
    return new Promise<M[K]['result']>((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              reject(new DevlogError(ErrorCodes.Timeout, `${method} got no answer within ${timeoutMs} ms`));
            }, timeoutMs)
          : undefined;
      const onAbort = () => {
        if (!this.settle(id)) return;
        try {
          this.transport.send({ t: 'cancel', id });
        } catch {
          // The connection is gone: the server drops the call by itself.
        }
        reject(new DevlogError(ErrorCodes.Cancelled, `${method} was cancelled`));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => {
          cleanup();
          resolve(v as M[K]['result']);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
        timer,
      });
      try {
        this.transport.send(args.length === 0 ? { t: 'req', id, m: method } : { t: 'req', id, m: method, p: args[0] });
      } catch (err) {
        this.settle(id);
        if (timer) clearTimeout(timer);
        reject(new DevlogError(ErrorCodes.BadRequest, `${method}: arguments could not be sent (${(err as Error).message})`));
      }
    });
  }

  /** Subscribes to one pushed event; returns the unsubscribe. */
  on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): Disposable {
    let list = this.eventListeners.get(event);
    if (!list) {
      list = new Listeners<unknown>();
      this.eventListeners.set(event, list);
    }
    return list.add(listener as (value: unknown) => void);
  }

  onClose(listener: (reason: string) => void): Disposable {
    return this.closeListeners.add(listener);
  }

  dispose(): void {
    this.transport.close();
    this.handleClose('client disposed');
  }

  private receive(msg: unknown): void {
    if (!isEnvelope(msg)) return;
    if (msg.t === 'evt') {
      this.eventListeners.get(msg.n)?.fire(msg.p);
      return;
    }
    if (msg.t === 'req' || msg.t === 'cancel') return;
    const pending = this.settle(msg.id);
    if (!pending) return;
    if (msg.t === 'res') pending.resolve(msg.r);
    else pending.reject(isWireError(msg.e) ? DevlogError.fromWire(msg.e) : new DevlogError(ErrorCodes.Internal, 'malformed error'));
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    if (pending.timer) clearTimeout(pending.timer);
    return pending;
  }

  private handleClose(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const sub of this.subscriptions) sub.dispose();
    for (const [id, pending] of [...this.pending]) {
      this.settle(id);
      pending.reject(new DevlogError(ErrorCodes.Disconnected, `connection closed before an answer: ${reason}`));
    }
    this.closeListeners.fire(reason);
  }
}
