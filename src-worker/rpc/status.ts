import type { StatusMethods } from '../../src-shared/contract/index.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';

export function statusHandlers(engine: Engine): Handlers<StatusMethods> {
  return {
    'status.get': () => engine.status(),
    'engine.pause': () => {
      engine.pause();
      return engine.status();
    },
    'engine.resume': () => {
      engine.resume();
      return engine.status();
    },
    'system.ping': (params) => {
      if (typeof params?.echo !== 'string') throw new DevlogError(ErrorCodes.BadRequest, 'system.ping: field echo must be a string', 'echo');
      return { echo: params.echo, at: new Date().toISOString() };
    },
  };
}
