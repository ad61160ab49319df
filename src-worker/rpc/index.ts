import type { DevlogEvents, DevlogMethods } from '../../src-shared/contract/index.js';
import { RpcServer, type Handlers } from '../../src-shared/rpc/server.js';
import type { AgentId } from '../../src-shared/domain.js';
import type { Engine } from '../engine.js';
import type { ExportService } from '../export/export-service.js';
import { EngineLogin } from '../machines/engine-login.js';
import { MachineService } from '../machines/machine-service.js';
import { RemoteManager } from '../remotes/remote-manager.js';
import { createSecretStore } from '../secrets/create-secret-store.js';
import { exportHandlers } from './export.js';
import { machineHandlers } from './machines.js';
import { metadataHandlers } from './metadata.js';
import { onboardingHandlers } from './onboarding.js';
import { importHandlers } from './import.js';
import { remoteHandlers } from './remotes.js';
import { sessionHandlers } from './sessions.js';
import { readSettings, settingsHandlers } from './settings.js';
import { statusHandlers } from './status.js';
import { syncHandlers } from './sync.js';
import type { PullService } from '../pull/pull-service.js';

/** Services some handlers act on (absent where the engine does not run them: `devlog collect`). */
export interface EngineServices {
  exporter?: ExportService;
  /** Machine sync: pulling other machines' records ('live' engines). */
  puller?: PullService;
  /** Remotes in config.json and their secrets (default: one over the OS keychain). */
  remotes?: RemoteManager;
  /** The user's machines on a server remote (default: secrets from the OS keychain). */
  machines?: MachineService;
  /** `--root AGENT=PATH` given at start (the Settings page shows them as the command line's). */
  rootOverrides?: ReadonlyMap<AgentId, string[]>;
}

/** All handler modules merged into one map that must satisfy the whole contract. */
export function createHandlers(engine: Engine, services: EngineServices = {}): Handlers<DevlogMethods> {
  const remotes = services.remotes ?? new RemoteManager(engine, createSecretStore());
  // Sign-in by code waits in the engine, adding its remote through the same manager as remotes.add.
  const login = engine.own(
    new EngineLogin({
      listRemotes: async () => remotes.list(),
      addRemote: (params) => remotes.add(params),
      editRemote: (params) => remotes.edit(params),
      secrets: createSecretStore(),
      machine: () => ({ id: engine.machineId, name: engine.machineName }),
    }),
  );
  return {
    ...statusHandlers(engine),
    ...sessionHandlers(engine),
    ...exportHandlers(engine, services.exporter),
    ...importHandlers(engine),
    ...syncHandlers(engine, services.exporter, services.puller),
    ...remoteHandlers(remotes),
    ...onboardingHandlers(engine, remotes),
    ...machineHandlers(services.machines ?? new MachineService(engine, createSecretStore()), login),
    ...metadataHandlers(engine),
    ...settingsHandlers(engine, services.rootOverrides ?? new Map()),
  };
}

/** The engine's RPC server, with status changes pushed to every connection. */
export function createEngineRpcServer(engine: Engine, services: EngineServices = {}): RpcServer<DevlogMethods, DevlogEvents> {
  const server = new RpcServer<DevlogMethods, DevlogEvents>(createHandlers(engine, services));
  engine.own(engine.onStatusChanged((status) => server.emit('status.changed', status)));
  engine.own(engine.onConfigChanged(() => server.emit('settings.changed', readSettings(engine, services.rootOverrides ?? new Map()))));
  engine.own(engine.onSessionsChanged((ids) => server.emit('sessions.changed', { ids })));
  engine.own(server);
  return server;
}
