import { AGENT_IDS } from '../src-shared/domain.js';
import { parseRootFlags } from '../src-worker/collect/roots.js';
import { removeDaemonInfo, writeDaemonInfo } from '../src-worker/daemon-file.js';
import { startHeadlessServer } from '../src-worker/headless/server.js';
import { loadOrCreateToken } from '../src-worker/headless/token.js';
import { resolveDevlogHome } from '../src-worker/paths.js';
import { startEngine } from '../src-worker/start-engine.js';
import { ProgressBar } from './progress-bar.js';
import { onStopSignal } from './stop-signal.js';

export interface StartOptions {
  port?: number;
  host?: string;
  history: boolean;
  root: string[];
}

/** `devlog start`: the engine in this process plus the web UI on loopback, until a signal. */
export async function runStart(options: StartOptions): Promise<void> {
  const home = resolveDevlogHome();
  const rootOverrides = parseRootFlags(options.root, AGENT_IDS);
  const running = startEngine({ home, mode: 'live', rootOverrides, noHistory: !options.history });
  const { engine, rpc, collector } = running;
  const token = loadOrCreateToken(engine.paths.headlessToken);
  const port = options.port ?? engine.config.headless.port;
  const server = await startHeadlessServer({
    rpc,
    token,
    port,
    ...(options.host ? { host: options.host } : {}),
    status: () => engine.status(),
  }).catch((err: NodeJS.ErrnoException) => {
    running.stop();
    if (err.code === 'EADDRINUSE') throw new Error(`port ${port} is in use; pick another with --port`);
    throw err;
  });
  writeDaemonInfo(engine.paths.daemon, { pid: process.pid, port: server.port, url: server.url, startedAt: new Date().toISOString() });
  process.stdout.write(`devlog is running (data: ${home})\nOpen ${server.openUrl}\n`);
  const bar = new ProgressBar();
  const unsubscribe = collector.onProgress((p) => bar.update(p));
  void running.historyDone.then(
    () => {
      bar.done();
      unsubscribe.dispose();
      process.stdout.write(`devlog: history synced; watching for new sessions\n`);
    },
    () => bar.done(),
  );

  onStopSignal(async (signal) => {
    process.stdout.write(`\ndevlog: stopping (${signal})\n`);
    // Collection stops first (within a piece), then the server; what was written stays.
    running.stop();
    await server.close();
    removeDaemonInfo(engine.paths.daemon, process.pid);
  });
}
