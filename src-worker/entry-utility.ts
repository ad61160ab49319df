/**
 * The worker under Electron's utilityProcess: the same engine as headless (startEngine), served
 * over the MessagePorts that main hands us (one per window). No electron import: the parent port
 * is described structurally, so a test can run this entry in Node with a stand-in.
 */
import type { EmitterMessagePortLike } from '../src-shared/rpc/transports/message-port.js';
import { fromEmitterMessagePort } from '../src-shared/rpc/transports/message-port.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { PERMANENT_FATAL_CODES, WORKER_EXIT_PERMANENT, type MainToWorker, type WorkerToMain } from '../src-shared/worker-control.js';
import { DatabaseTooNewError } from './store/migrations/index.js';
import { resolveDevlogHome } from './paths.js';
import { startEngine, type RunningEngine } from './start-engine.js';

interface ParentPort {
  postMessage(message: WorkerToMain): void;
  on(event: 'message', listener: (event: { data: MainToWorker; ports: EmitterMessagePortLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write('devlog worker: must run inside Electron utilityProcess (use `devlog start` for headless)\n');
  process.exit(1);
}

let running: RunningEngine;
try {
  running = startEngine({ home: resolveDevlogHome(), mode: 'live' });
} catch (err) {
  const code = err instanceof DatabaseTooNewError ? 'STORE_TOO_NEW' : err instanceof DevlogError && err.code === ErrorCodes.Busy ? 'BUSY' : 'START_FAILED';
  const permanent = PERMANENT_FATAL_CODES.includes(code);
  parentPort.postMessage({ type: 'fatal', code, message: (err as Error).message });
  process.exit(permanent ? WORKER_EXIT_PERMANENT : 1);
}

parentPort.on('message', (event) => {
  const message = event.data;
  if (message.type === 'connect') {
    const port = event.ports[0];
    if (port) running.rpc.connect(fromEmitterMessagePort(port));
  } else if (message.type === 'shutdown') {
    running.stop();
    process.exit(0);
  }
});

parentPort.postMessage({ type: 'ready', pid: process.pid, home: running.engine.paths.home });
