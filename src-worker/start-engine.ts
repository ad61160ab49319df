import type { DevlogEvents, DevlogMethods } from '../src-shared/contract/index.js';
import type { AgentId } from '../src-shared/domain.js';
import type { RpcServer } from '../src-shared/rpc/server.js';
import type { Collector, CollectSummary } from './collect/collector.js';
import { createCollector } from './collect/create.js';
import { watchConfigFile } from './config/config-watcher.js';
import { Engine } from './engine.js';
import { createExportService } from './export/create.js';
import type { ExportService } from './export/export-service.js';
import { ReparseService } from './reparse/reparse-service.js';
import { createPullService } from './pull/create.js';
import type { PullService } from './pull/pull-service.js';
import type { SecretStore } from './secrets/secret-store.js';
import { createEngineRpcServer } from './rpc/index.js';
import { RemoteManager } from './remotes/remote-manager.js';
import { createSecretStore } from './secrets/create-secret-store.js';
import { SOURCE_ADAPTERS } from './sources/registry.js';
import { PurgeService } from './metadata/purge-service.js';

export interface StartEngineOptions {
  home: string;
  /**
   * 'live': history, then keep watching until stopped (desktop worker, `devlog start`).
   * 'once': history up to now, then `historyDone` resolves (`devlog collect`).
   */
  mode: 'live' | 'once';
  rootOverrides?: ReadonlyMap<AgentId, string[]>;
  /** `--no-history`: files unknown at startup begin at their current end. */
  noHistory?: boolean;
  /** Where remotes' keychain tokens are (default: the OS keychain). */
  secrets?: SecretStore;
}

export interface RunningEngine {
  engine: Engine;
  rpc: RpcServer<DevlogMethods, DevlogEvents>;
  collector: Collector;
  /** The export to remotes ('live' mode only). */
  exporter: ExportService | undefined;
  /** Machine sync: pulling other machines' records from remotes with pull on ('live' mode only). */
  puller: PullService | undefined;
  /** Resolves when the history scan is done (in 'once' mode: with the summary). */
  historyDone: Promise<CollectSummary | undefined>;
  /** Stops every service and closes the store: what was written stays, the rest resumes later. */
  stop(): void;
}

/**
 * The one composition root: the desktop utility process, `devlog start` and `devlog collect`
 * all build the engine here, so the desktop worker collects exactly like the headless mode.
 * Services (the collector; exporters and the puller next) register with the engine as a list.
 * Throws a BUSY DevlogError when another engine holds the data folder.
 */
export function startEngine(options: StartEngineOptions): RunningEngine {
  const engine = Engine.open({ home: options.home });
  try {
    // Remotes' tokens and passphrases: the OS keychain (loaded on first use), shared by the
    // remotes RPC and the exporter.
    const secrets = options.secrets ?? createSecretStore();
    const remotes = new RemoteManager(engine, secrets);
    const exporter = options.mode === 'live' ? createExportService(engine, { secrets }) : undefined;
    const puller = options.mode === 'live' ? createPullService(engine, { secrets }) : undefined;
    // A remote stopped by a refused token tries again once `remote test` says the token works.
    if (exporter) engine.own(remotes.onTested((name) => exporter.tested(name)));
    if (puller) engine.own(remotes.onTested((name) => puller.tested(name)));
    const rpc = createEngineRpcServer(engine, { remotes, rootOverrides: options.rootOverrides ?? new Map(), ...(exporter ? { exporter } : {}), ...(puller ? { puller } : {}) });
    // config.json edited by hand is applied like a change from the Settings page.
    if (options.mode === 'live') engine.own(watchConfigFile(engine));
    const collector = createCollector(engine, { rootOverrides: options.rootOverrides ?? new Map(), noHistory: options.noHistory ?? false });
    engine.own(collector.onProgress((p) => rpc.emit('collect.progress', p)));
    // Stored sessions whose parser is behind are re-derived beside collection (after an upgrade).
    const reparsed = engine.register(new ReparseService(engine, SOURCE_ADAPTERS)).start();
    const historyDone =
      options.mode === 'once'
        ? Promise.all([collector.collectOnce(), reparsed]).then(([summary]) => summary)
        : collector.start().then(() => undefined);
    historyDone.catch((err: Error) => engine.setState('error', `collection stopped: ${err.message}`));
    // Export runs beside collection from the start: it reads what is committed, between pieces.
    if (exporter) engine.register(exporter).start();
    if (puller) engine.register(puller).start();
    // Deleted sessions' content goes after 30 days (their tombstones stay).
    if (options.mode === 'live') engine.register(new PurgeService(engine)).start();
    let stopped = false;
    return {
      engine,
      rpc,
      collector,
      exporter,
      puller,
      historyDone,
      stop: () => {
        if (stopped) return;
        stopped = true;
        engine.dispose();
      },
    };
  } catch (err) {
    engine.dispose();
    throw err;
  }
}
