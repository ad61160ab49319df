import type { ImportMethods } from '../../src-shared/contract/index.js';
import { isAgentId } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import { expandHome } from '../config/expand-home.js';
import { importPath } from '../import/importer.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';

/** sources.import: `devlog import` through the running engine (it owns the store). */
export function importHandlers(engine: Engine): Handlers<ImportMethods> {
  return {
    'sources.import': (params) => {
      if (typeof params?.path !== 'string' || params.path === '') throw new DevlogError(ErrorCodes.BadRequest, 'path must be a file or folder path', 'path');
      const agent = params.agent;
      if (agent !== undefined && (typeof agent !== 'string' || !isAgentId(agent))) throw new DevlogError(ErrorCodes.BadRequest, `unknown agent "${String(agent)}"`, 'agent');
      return importPath(engine, { path: expandHome(params.path), adapters: SOURCE_ADAPTERS, ...(agent ? { agent } : {}) });
    },
  };
}
