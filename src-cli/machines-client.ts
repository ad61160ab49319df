import type { MachinesMethods } from '../src-shared/contract/index.js';
import { MachineService } from '../src-worker/machines/machine-service.js';
import { machineHandlers } from '../src-worker/rpc/machines.js';
import { createSecretStore } from '../src-worker/secrets/create-secret-store.js';
import { withEngineOrStore, type MethodCall } from './engine-or-store.js';

/** A server answers in a moment; the call itself gives up after 30 s. */
const ANSWER_TIMEOUT_MS = 40_000;

/** Runs `use` against machines.* on the running engine, or on this data folder without one. */
export function withMachines<T>(use: (call: MethodCall<MachinesMethods>) => Promise<T>): Promise<T> {
  return withEngineOrStore<MachinesMethods, T>((engine) => machineHandlers(new MachineService(engine, createSecretStore())), use, ANSWER_TIMEOUT_MS);
}
