import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import { EventEmitter } from 'node:events';
import { PERMANENT_FATAL_CODES, WORKER_EXIT_PERMANENT, type MainToWorker, type WorkerToMain } from '../../src-shared/worker-control.js';
import { RestartPolicy } from './restart-policy.js';

export type WorkerHostState =
  | { kind: 'starting' }
  | { kind: 'ready'; pid: number }
  | { kind: 'restarting'; delayMs: number; lastError: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' };

export interface WorkerHostOptions {
  modulePath: string;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  policy?: RestartPolicy;
  log?: (line: string) => void;
}

interface Events {
  state: [WorkerHostState];
  /** A fresh worker is ready: every client must get a new port. */
  ready: [];
}

/**
 * Runs the engine in a utilityProcess and keeps it running: waits for "ready" (or times out),
 * restarts after a crash with backoff, gives up after repeated crashes and says why, and hands
 * out MessagePorts to the worker.
 */
export class WorkerHost extends EventEmitter<Events> {
  private child: UtilityProcess | undefined;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readyTimer: NodeJS.Timeout | undefined;
  private lastFatal: string | undefined;
  private permanent = false;
  private stopping = false;
  private current: WorkerHostState = { kind: 'stopped' };
  private readonly policy: RestartPolicy;

  constructor(private readonly options: WorkerHostOptions) {
    super();
    this.policy = options.policy ?? new RestartPolicy();
  }

  get state(): WorkerHostState {
    return this.current;
  }

  /** Starts the worker (again): a fresh start forgets earlier crashes. No-op while one runs. */
  start(): void {
    if (this.child) return;
    clearTimeout(this.restartTimer);
    this.stopping = false;
    this.policy.reset();
    this.spawn();
  }

  /** A port to the worker for one client (a window, or main itself); undefined until ready. */
  connectClient(client: string): MessagePortMain | undefined {
    if (this.current.kind !== 'ready' || !this.child) return undefined;
    const { port1, port2 } = new MessageChannelMain();
    const message: MainToWorker = { type: 'connect', client };
    this.child.postMessage(message, [port1]);
    return port2;
  }

  /** Asks the worker to finish its transaction and exit; kills it after a bounded wait. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.readyTimer);
    const child = this.child;
    if (!child) return this.setState({ kind: 'stopped' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const shutdown: MainToWorker = { type: 'shutdown' };
    child.postMessage(shutdown);
    const timer = setTimeout(() => child.kill(), timeoutMs);
    await exited;
    clearTimeout(timer);
    this.setState({ kind: 'stopped' });
  }

  private spawn(): void {
    this.lastFatal = undefined;
    this.permanent = false;
    this.setState({ kind: 'starting' });
    const child = utilityProcess.fork(this.options.modulePath, [], {
      serviceName: 'devlog-worker',
      env: this.options.env,
      stdio: 'pipe',
      // A 1 MB V8 nursery (default 16 MB): lower peak memory while it ingests (measured -30 MB RSS on a
      // 150 MB first sync with node --max-semi-space-size=1). The flag only works at process start.
      execArgv: ['--max-semi-space-size=1'],
    });
    this.child = child;
    this.startedAt = Date.now();
    const log = this.options.log ?? (() => undefined);
    child.stdout?.on('data', (chunk: Buffer) => log(`[worker ${child.pid}] ${chunk.toString().trimEnd()}`));
    child.stderr?.on('data', (chunk: Buffer) => log(`[worker ${child.pid} err] ${chunk.toString().trimEnd()}`));
    child.on('message', (message: WorkerToMain) => this.onMessage(message));
    // A V8 fatal error in the worker. Without a listener EventEmitter would throw it in main;
    // 'exit' always follows, and the restart decision is made there.
    child.on('error', (type, location) => {
      this.lastFatal ??= `the worker hit a ${type} at ${location}`;
    });
    child.once('exit', (code: number) => this.onExit(child, code));
    this.readyTimer = setTimeout(() => {
      this.lastFatal = `the worker did not become ready within ${this.options.readyTimeoutMs ?? 20_000} ms`;
      child.kill();
    }, this.options.readyTimeoutMs ?? 20_000);
  }

  private onMessage(message: WorkerToMain): void {
    if (message.type === 'ready') {
      clearTimeout(this.readyTimer);
      this.setState({ kind: 'ready', pid: message.pid });
      this.emit('ready');
    } else if (message.type === 'fatal') {
      this.lastFatal = message.message;
      this.permanent = PERMANENT_FATAL_CODES.includes(message.code);
    }
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    clearTimeout(this.readyTimer);
    this.child = undefined;
    if (this.stopping) return;
    const message = this.lastFatal ?? `the worker exited with code ${code}`;
    const decision = this.policy.onExit(Date.now(), this.startedAt, {
      permanent: this.permanent || code === WORKER_EXIT_PERMANENT,
      message,
    });
    if (decision.action === 'give-up') {
      this.setState({ kind: 'failed', reason: decision.reason });
      return;
    }
    this.setState({ kind: 'restarting', delayMs: decision.delayMs, lastError: message });
    this.restartTimer = setTimeout(() => this.spawn(), decision.delayMs);
  }

  private setState(state: WorkerHostState): void {
    this.current = state;
    this.emit('state', state);
  }
}
