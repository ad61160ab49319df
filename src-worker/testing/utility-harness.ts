/**
 * Runs the desktop worker entry (dist/worker/entry-utility.mjs) in plain Node the way Electron's
 * utilityProcess would: a stand-in `process.parentPort`, a connect message carrying one end of a
 * MessageChannel shaped like Electron's MessagePortMain, and an RPC client on the other end.
 * Steps come from the test as JSON lines on stdin; results go out as JSON lines on stdout.
 */
import { EventEmitter } from 'node:events';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { DevlogEvents, DevlogMethods } from '../../src-shared/contract/index.js';
import { RpcClient } from '../../src-shared/rpc/client.js';
import { fromDomMessagePort } from '../../src-shared/rpc/transports/message-port.js';

const say = (message: object) => process.stdout.write(JSON.stringify(message) + '\n');

/** What Electron gives the utility process as process.parentPort. */
class StandInParentPort extends EventEmitter {
  postMessage(message: unknown): void {
    say({ kind: 'control', message });
  }
}

/** Electron's MessagePortMain: an emitter whose 'message' listener gets `{ data, ports }`. */
function asMessagePortMain(port: MessagePort) {
  return {
    postMessage: (message: unknown) => port.postMessage(message),
    on(event: 'message' | 'close', listener: (e?: unknown) => void) {
      if (event === 'message') port.on('message', (data: unknown) => listener({ data, ports: [] }));
      else port.on('close', () => listener());
      return this;
    },
    start: () => port.start(),
    close: () => port.close(),
  };
}

const parentPort = new StandInParentPort();
(process as unknown as { parentPort: StandInParentPort }).parentPort = parentPort;
await import(pathToFileURL(process.env.DEVLOG_TEST_ENTRY!).href);

const { port1, port2 } = new MessageChannel();
parentPort.emit('message', { data: { type: 'connect', client: 'test' }, ports: [asMessagePortMain(port2)] });
const client = new RpcClient<DevlogMethods, DevlogEvents>(fromDomMessagePort(port1 as unknown as Parameters<typeof fromDomMessagePort>[0]), { timeoutMs: 10_000 });

for await (const line of readline.createInterface({ input: process.stdin })) {
  const step = JSON.parse(line) as { call?: keyof DevlogMethods; shutdown?: true };
  if (step.shutdown) {
    parentPort.emit('message', { data: { type: 'shutdown' }, ports: [] });
    continue;
  }
  try {
    const result = await (client.call as (m: string) => Promise<unknown>)(step.call!);
    say({ kind: 'result', call: step.call, result });
  } catch (err) {
    say({ kind: 'error', call: step.call, message: (err as Error).message });
  }
}
