import type { MetadataMethods } from '../../src-shared/contract/index.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import { machineInfo, renameMachine } from '../metadata/machine-identity.js';
import { editSessionMeta } from '../metadata/session-edits.js';

/** sessions.editMeta and machine.*: the CLI's `devlog session ...` / `devlog machine ...` and the UI. */
export function metadataHandlers(engine: Engine): Handlers<MetadataMethods> {
  return {
    'sessions.editMeta': (params) => editSessionMeta(engine, params),
    'machine.get': () => machineInfo(engine),
    'machine.rename': (params) => renameMachine(engine, params),
  };
}
