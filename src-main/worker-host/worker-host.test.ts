import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WORKER_EXIT_PERMANENT, type WorkerToMain } from '../../src-shared/worker-control.js';
import { RestartPolicy } from './restart-policy.js';
import { WorkerHost, type WorkerHostOptions, type WorkerHostState } from './worker-host.js';

// Electron is mocked at the module boundary: utilityProcess.fork hands out fake children, and
// MessageChannelMain is Node's MessageChannel (same port1/port2 shape, real message passing).
const fork = vi.hoisted(() => vi.fn());
vi.mock('electron', async () => {
  const { MessageChannel } = await import('node:worker_threads');
  return { utilityProcess: { fork }, MessageChannelMain: MessageChannel };
});

/** Stands in for Electron's UtilityProcess: an EventEmitter with the same surface. */
class FakeChild extends EventEmitter {
  static nextPid = 1000;
  pid: number | undefined = FakeChild.nextPid++;
  stdout = new PassThrough();
  stderr = new PassThrough();
  postMessage = vi.fn<(message: unknown, transfer?: MessagePort[]) => void>();
  /** Like the real one: asynchronous, and 'exit' follows. */
  kill = vi.fn(() => {
    void Promise.resolve().then(() => this.exit(143));
    return true;
  });

  send(message: WorkerToMain): void {
    this.emit('message', message);
  }

  ready(): void {
    this.send({ type: 'ready', pid: this.pid!, home: '/tmp/devlog-home' });
  }

  exit(code: number): void {
    if (this.pid === undefined) return;
    this.emit('exit', code);
    this.pid = undefined;
  }
}

let children: FakeChild[] = [];
const latest = (): FakeChild => {
  const child = children.at(-1);
  if (!child) throw new Error('no worker was forked');
  return child;
};

const openPorts: MessagePort[] = [];

function makeHost(options: Partial<WorkerHostOptions> = {}) {
  const host = new WorkerHost({ modulePath: '/app/dist/worker/entry-utility.mjs', env: { DEVLOG_HOME: '/tmp/devlog-home' }, ...options });
  const states: WorkerHostState[] = [];
  const onReady = vi.fn();
  host.on('state', (state) => states.push(state));
  host.on('ready', onReady);
  return { host, states, onReady, kinds: () => states.map((s) => s.kind) };
}

beforeEach(() => {
  children = [];
  fork.mockReset();
  fork.mockImplementation(() => {
    const child = new FakeChild();
    children.push(child);
    return child;
  });
});

afterEach(() => {
  vi.useRealTimers();
  for (const port of openPorts.splice(0)) port.close();
});

describe('WorkerHost', () => {
  it('forks the worker module as a named service with piped output and a small V8 nursery', () => {
    const { host } = makeHost();
    host.start();
    expect(fork).toHaveBeenCalledTimes(1);
    expect(fork).toHaveBeenCalledWith('/app/dist/worker/entry-utility.mjs', [], {
      serviceName: 'devlog-worker',
      env: { DEVLOG_HOME: '/tmp/devlog-home' },
      stdio: 'pipe',
      execArgv: ['--max-semi-space-size=1'],
    });
    expect(host.state).toEqual({ kind: 'starting' });
  });

  it('becomes ready on the ready message and says so once', () => {
    vi.useFakeTimers();
    const { host, onReady, kinds } = makeHost({ readyTimeoutMs: 1000 });
    host.start();
    const child = latest();
    child.ready();
    expect(host.state).toEqual({ kind: 'ready', pid: child.pid });
    expect(onReady).toHaveBeenCalledTimes(1);
    expect(kinds()).toEqual(['starting', 'ready']);
    // The ready timeout was cancelled: nothing is killed later.
    vi.advanceTimersByTime(60_000);
    expect(child.kill).not.toHaveBeenCalled();
  });

  it('pipes the worker output into the log with a pid prefix', () => {
    const log = vi.fn();
    const { host } = makeHost({ log });
    host.start();
    const child = latest();
    child.stdout.emit('data', Buffer.from('scanning 3 files\n'));
    child.stderr.emit('data', Buffer.from('warning: slow disk\n'));
    expect(log).toHaveBeenCalledWith(`[worker ${child.pid}] scanning 3 files`);
    expect(log).toHaveBeenCalledWith(`[worker ${child.pid} err] warning: slow disk`);
  });

  it('restarts a crashed worker after the backoff delay', async () => {
    vi.useFakeTimers();
    const { host, onReady } = makeHost({ policy: new RestartPolicy({ baseDelayMs: 1000 }) });
    host.start();
    latest().ready();
    latest().exit(1);
    expect(host.state).toEqual({ kind: 'restarting', delayMs: 1000, lastError: 'the worker exited with code 1' });
    expect(host.connectClient('window-1')).toBeUndefined();

    await vi.advanceTimersByTimeAsync(999);
    expect(fork).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fork).toHaveBeenCalledTimes(2);
    expect(host.state).toEqual({ kind: 'starting' });

    latest().ready();
    expect(host.state).toMatchObject({ kind: 'ready' });
    expect(onReady).toHaveBeenCalledTimes(2);

    // A second quick crash waits twice as long.
    latest().exit(1);
    expect(host.state).toMatchObject({ kind: 'restarting', delayMs: 2000 });
  });

  it("reports the worker's own fatal message as the last error", () => {
    vi.useFakeTimers();
    const { host } = makeHost();
    host.start();
    latest().send({ type: 'fatal', code: 'START_FAILED', message: 'cannot open devlog.db: disk I/O error' });
    latest().exit(1);
    expect(host.state).toMatchObject({ kind: 'restarting', lastError: 'cannot open devlog.db: disk I/O error' });
  });

  it('gives up after repeated crashes and says why', async () => {
    vi.useFakeTimers();
    const { host } = makeHost({ policy: new RestartPolicy({ baseDelayMs: 100, maxCrashes: 3, windowMs: 60_000 }) });
    host.start();
    for (let i = 0; i < 3; i++) {
      latest().exit(1);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(fork).toHaveBeenCalledTimes(3);
    expect(host.state.kind).toBe('failed');
    const reason = host.state.kind === 'failed' ? host.state.reason : '';
    expect(reason).toContain('crashed 3 times');
    expect(reason).toContain('the worker exited with code 1');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(3);
  });

  it('fails at once without a restart when the data folder is busy (fatal BUSY, exit 78)', async () => {
    vi.useFakeTimers();
    const { host, kinds } = makeHost();
    host.start();
    const message = 'another devlog (pid 4242) is using /tmp/devlog-home';
    latest().send({ type: 'fatal', code: 'BUSY', message });
    latest().exit(WORKER_EXIT_PERMANENT);
    expect(host.state).toEqual({ kind: 'failed', reason: message });
    expect(kinds()).toEqual(['starting', 'failed']);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('reports a store from a newer devlog once and does not restart (fatal STORE_TOO_NEW, even with exit 1)', async () => {
    vi.useFakeTimers();
    const { host, kinds } = makeHost();
    host.start();
    const message = 'the store was written by a newer devlog (schema 9, this build knows up to 6); update devlog';
    latest().send({ type: 'fatal', code: 'STORE_TOO_NEW', message });
    latest().exit(1);
    expect(host.state).toEqual({ kind: 'failed', reason: message });
    expect(kinds()).toEqual(['starting', 'failed']);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('treats exit code 78 as permanent even without a fatal message', () => {
    vi.useFakeTimers();
    const { host } = makeHost();
    host.start();
    latest().exit(WORKER_EXIT_PERMANENT);
    expect(host.state).toEqual({ kind: 'failed', reason: `the worker exited with code ${WORKER_EXIT_PERMANENT}` });
  });

  it('kills a worker that does not become ready in time, then restarts it', async () => {
    vi.useFakeTimers();
    const { host } = makeHost({ readyTimeoutMs: 5000, policy: new RestartPolicy({ baseDelayMs: 100 }) });
    host.start();
    const child = latest();
    await vi.advanceTimersByTimeAsync(4999);
    expect(child.kill).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(child.kill).toHaveBeenCalledTimes(1);
    expect(host.state).toEqual({ kind: 'restarting', delayMs: 100, lastError: 'the worker did not become ready within 5000 ms' });
    await vi.advanceTimersByTimeAsync(100);
    expect(fork).toHaveBeenCalledTimes(2);
  });

  it('survives a V8 fatal error event and reports it when the worker exits', () => {
    vi.useFakeTimers();
    const { host } = makeHost();
    host.start();
    latest().ready();
    // Unhandled, an EventEmitter 'error' would throw here, in Electron main.
    expect(() => latest().emit('error', 'FatalError', 'v8::internal::Heap::FatalProcessOutOfMemory', '{}')).not.toThrow();
    latest().exit(133);
    expect(host.state).toMatchObject({
      kind: 'restarting',
      lastError: 'the worker hit a FatalError at v8::internal::Heap::FatalProcessOutOfMemory',
    });
  });

  it('stop() asks the worker to shut down and does not restart it', async () => {
    vi.useFakeTimers();
    const { host } = makeHost();
    host.start();
    const child = latest();
    child.ready();
    const stopped = host.stop(1000);
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'shutdown' });
    child.exit(0);
    await stopped;
    expect(child.kill).not.toHaveBeenCalled();
    expect(host.state).toEqual({ kind: 'stopped' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('stop() kills the worker when it does not exit within the timeout', async () => {
    vi.useFakeTimers();
    const { host } = makeHost();
    host.start();
    const child = latest();
    child.ready();
    let done = false;
    const stopped = host.stop(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(child.kill).not.toHaveBeenCalled();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(child.kill).toHaveBeenCalledTimes(1);
    await stopped;
    expect(host.state).toEqual({ kind: 'stopped' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('stop() during the restart delay cancels the restart', async () => {
    vi.useFakeTimers();
    const { host } = makeHost();
    host.start();
    latest().exit(1);
    expect(host.state.kind).toBe('restarting');
    await host.stop();
    expect(host.state).toEqual({ kind: 'stopped' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('start() is a no-op while a worker runs, and a fresh start forgets earlier crashes', async () => {
    vi.useFakeTimers();
    const { host } = makeHost({ policy: new RestartPolicy({ baseDelayMs: 100, maxCrashes: 2 }) });
    host.start();
    host.start();
    expect(fork).toHaveBeenCalledTimes(1);
    latest().exit(1);
    await vi.advanceTimersByTimeAsync(100);
    latest().exit(1);
    expect(host.state.kind).toBe('failed');
    host.start();
    expect(fork).toHaveBeenCalledTimes(3);
    latest().exit(1);
    expect(host.state).toMatchObject({ kind: 'restarting', delayMs: 100 });
  });

  it('connectClient() hands out a port only when the worker is ready', async () => {
    const { host } = makeHost();
    host.start();
    const child = latest();
    expect(host.connectClient('window-1')).toBeUndefined();
    expect(child.postMessage).not.toHaveBeenCalled();

    child.ready();
    const port = host.connectClient('window-1') as unknown as MessagePort;
    expect(port).toBeDefined();
    expect(child.postMessage).toHaveBeenCalledTimes(1);
    const [message, transfer] = child.postMessage.mock.calls[0]!;
    expect(message).toEqual({ type: 'connect', client: 'window-1' });
    expect(transfer).toHaveLength(1);
    const workerEnd = transfer![0]!;
    openPorts.push(port, workerEnd);
    expect(workerEnd).not.toBe(port);

    // The two ends are one channel: what the client sends reaches the worker's end.
    const received = new Promise<unknown>((resolve) => workerEnd.once('message', resolve));
    port.postMessage({ hello: 'worker' });
    await expect(received).resolves.toEqual({ hello: 'worker' });

    child.exit(1);
    expect(host.connectClient('window-1')).toBeUndefined();
    await host.stop();
  });
});
