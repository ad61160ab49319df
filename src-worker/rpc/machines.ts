import type { MachinesMethods } from '../../src-shared/contract/index.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { MachineService } from '../machines/machine-service.js';

/** machines.*: the CLI's `devlog machines ...` and the UI's machine list and approval. */
export function machineHandlers(machines: MachineService): Handlers<MachinesMethods> {
  return {
    'machines.list': (params, ctx) => machines.list(params, ctx.signal),
    'machines.approve': (params, ctx) => machines.approve(params, ctx.signal),
    'machines.revoke': (params, ctx) => machines.revoke(params, ctx.signal),
  };
}
