import type { DevlogEvents, DevlogMethods, EngineStatus } from '../src-shared/contract/index.js';
import { RpcClient } from '../src-shared/rpc/client.js';
import { fromEmitterMessagePort } from '../src-shared/rpc/transports/message-port.js';
import type { WorkerHost } from './worker-host/worker-host.js';

/** Main's own RPC connection to the worker, for the tray: follows status across restarts, runs the menu's actions. */
export class EngineLink {
  private client: RpcClient<DevlogMethods, DevlogEvents> | undefined;
  status: EngineStatus | undefined;

  constructor(
    private readonly host: WorkerHost,
    private readonly onChange: () => void,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {
    host.on('ready', () => void this.connect());
    host.on('state', (state) => {
      // A status from a worker that is gone would keep showing (and an error would never clear).
      if (state.kind !== 'ready') this.status = undefined;
      this.onChange();
    });
  }

  /** Export now to every remote; an export takes as long as it takes (no answer timeout). */
  exportNow(): void {
    void this.client?.callWith({ timeoutMs: 0 }, 'export.now', {}).catch((err: Error) => this.log(`devlog: Export now failed: ${err.message}`));
  }

  pause(): void {
    void this.client?.call('engine.pause').then(this.take, (err: Error) => this.log(`devlog: pause failed: ${err.message}`));
  }

  resume(): void {
    void this.client?.call('engine.resume').then(this.take, (err: Error) => this.log(`devlog: resume failed: ${err.message}`));
  }

  private readonly take = (status: EngineStatus) => {
    this.status = status;
    this.onChange();
  };

  private async connect(): Promise<void> {
    this.client?.dispose();
    const port = this.host.connectClient('main');
    if (!port) return;
    const client = new RpcClient<DevlogMethods, DevlogEvents>(fromEmitterMessagePort(port), { timeoutMs: 10_000 });
    this.client = client;
    client.on('status.changed', this.take);
    try {
      this.take(await client.call('status.get'));
    } catch {
      // The worker went away again; the next 'ready' reconnects.
    }
  }

  dispose(): void {
    this.client?.dispose();
  }
}
