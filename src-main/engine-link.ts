import type { DevlogEvents, DevlogMethods, EngineStatus } from '../src-shared/contract/index.js';
import { RpcClient } from '../src-shared/rpc/client.js';
import { fromEmitterMessagePort } from '../src-shared/rpc/transports/message-port.js';
import type { WorkerHost } from './worker-host/worker-host.js';

/** Main's own RPC connection to the worker, for the tray: follows status across restarts. */
export class EngineLink {
  private client: RpcClient<DevlogMethods, DevlogEvents> | undefined;
  status: EngineStatus | undefined;

  constructor(
    private readonly host: WorkerHost,
    private readonly onChange: () => void,
  ) {
    host.on('ready', () => void this.connect());
    host.on('state', () => this.onChange());
  }

  private async connect(): Promise<void> {
    this.client?.dispose();
    const port = this.host.connectClient('main');
    if (!port) return;
    const client = new RpcClient<DevlogMethods, DevlogEvents>(fromEmitterMessagePort(port), { timeoutMs: 10_000 });
    this.client = client;
    client.on('status.changed', (status) => {
      this.status = status;
      this.onChange();
    });
    try {
      this.status = await client.call('status.get');
      this.onChange();
    } catch {
      // The worker went away again; the next 'ready' reconnects.
    }
  }

  dispose(): void {
    this.client?.dispose();
  }
}
