import type { MachineInfo } from '../../src-shared/contract/index.js';
import type { Engine } from '../engine.js';
import { ensureLocalMachine } from '../store/meta.js';
import { parseMachineName } from './edit-params.js';

export function machineInfo(engine: Engine): MachineInfo {
  return { id: engine.machineId, name: engine.machineName };
}

/** Renames this machine: config.json keeps the name (it outlives the store), the machines table follows. */
export function renameMachine(engine: Engine, params: unknown): MachineInfo {
  const name = parseMachineName(params);
  engine.updateConfig((config) => ({ ...config, machineName: name }));
  ensureLocalMachine(engine.db, name);
  engine.notifyChanged();
  return machineInfo(engine);
}
