import type { MachinesMethods } from '../../src-shared/contract/index.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import { noBackgroundLogin, type EngineLogin } from '../machines/engine-login.js';
import type { MachineService } from '../machines/machine-service.js';

/**
 * machines.*: the CLI's `devlog machines ...` and the UI's machine list and approval; with
 * `login` (a running engine), the wizard's sign-in by code.
 */
export function machineHandlers(machines: MachineService, login?: EngineLogin): Handlers<MachinesMethods> {
  return {
    'machines.list': (params, ctx) => machines.list(params, ctx.signal),
    'machines.approve': (params, ctx) => machines.approve(params, ctx.signal),
    'machines.revoke': (params, ctx) => machines.revoke(params, ctx.signal),
    'machines.login.start': (params, ctx) => (login ? login.start(params, ctx.signal) : Promise.reject(noBackgroundLogin())),
    'machines.login.state': () => {
      if (!login) throw noBackgroundLogin();
      return login.state();
    },
    'machines.login.cancel': () => {
      if (!login) throw noBackgroundLogin();
      return login.cancel();
    },
  };
}
