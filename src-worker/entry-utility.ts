/**
 * The worker under Electron's utilityProcess: the same engine as headless, served over the
 * MessagePorts that main hands us (one per window). No electron import: the parent port is
 * described structurally.
 */
import type { EmitterMessagePortLike } from '../src-shared/rpc/transports/message-port.js';
import { fromEmitterMessagePort } from '../src-shared/rpc/transports/message-port.js';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { WORKER_EXIT_PERMANENT, type MainToWorker, type WorkerToMain } from '../src-shared/worker-control.js';
import { Engine } from './engine.js';
import { resolveDevlogHome } from './paths.js';
import { createEngineRpcServer } from './rpc/index.js';

interface ParentPort {
  postMessage(message: WorkerToMain): void;
  on(event: 'message', listener: (event: { data: MainToWorker; ports: EmitterMessagePortLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write('devlog worker: must run inside Electron utilityProcess (use `devlog start` for headless)\n');
  process.exit(1);
}

let engine: Engine;
try {
  engine = Engine.open({ home: resolveDevlogHome() });
} catch (err) {
  const permanent = err instanceof DevlogError && err.code === ErrorCodes.Busy;
  parentPort.postMessage({ type: 'fatal', code: permanent ? 'BUSY' : 'START_FAILED', message: (err as Error).message });
  process.exit(permanent ? WORKER_EXIT_PERMANENT : 1);
}

const rpc = createEngineRpcServer(engine);

parentPort.on('message', (event) => {
  const message = event.data;
  if (message.type === 'connect') {
    const port = event.ports[0];
    if (port) rpc.connect(fromEmitterMessagePort(port));
  } else if (message.type === 'shutdown') {
    engine.dispose();
    process.exit(0);
  }
});

parentPort.postMessage({ type: 'ready', pid: process.pid, home: engine.paths.home });
