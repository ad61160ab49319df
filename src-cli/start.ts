import { AGENT_IDS } from '../src-shared/domain.js';
import { createCollector } from '../src-worker/collect/create.js';
import { parseRootFlags } from '../src-worker/collect/roots.js';
import { Engine } from '../src-worker/engine.js';
import { ProgressBar } from './progress-bar.js';
import { removeDaemonInfo, writeDaemonInfo } from '../src-worker/daemon-file.js';
import { startHeadlessServer } from '../src-worker/headless/server.js';
import { loadOrCreateToken } from '../src-worker/headless/token.js';
import { resolveDevlogHome } from '../src-worker/paths.js';
import { createEngineRpcServer } from '../src-worker/rpc/index.js';

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
  const engine = Engine.open({ home });
  const rpc = createEngineRpcServer(engine);
  const collector = createCollector(engine, { rootOverrides, noHistory: !options.history });
  collector.onProgress((p) => rpc.emit('sync.progress', p));
  const token = loadOrCreateToken(engine.paths.headlessToken);
  const server = await startHeadlessServer({
    rpc,
    token,
    port: options.port ?? engine.config.headless.port,
    ...(options.host ? { host: options.host } : {}),
    status: () => engine.status(),
  }).catch((err: NodeJS.ErrnoException) => {
    engine.dispose();
    if (err.code === 'EADDRINUSE') throw new Error(`port ${options.port ?? engine.config.headless.port} is in use; pick another with --port`);
    throw err;
  });
  writeDaemonInfo(engine.paths.daemon, { pid: process.pid, port: server.port, url: server.url, startedAt: new Date().toISOString() });
  process.stdout.write(`devlog is running (data: ${home})\nOpen ${server.openUrl}\n`);
  const bar = new ProgressBar();
  const unsubscribe = collector.onProgress((p) => bar.update(p));
  void collector
    .start()
    .then(() => {
      bar.done();
      unsubscribe.dispose();
      process.stdout.write(`devlog: history synced; watching for new sessions\n`);
    })
    .catch((err: Error) => engine.setState('error', `collection stopped: ${err.message}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`devlog: stopping (${signal})\n`);
    await server.close();
    removeDaemonInfo(engine.paths.daemon, process.pid);
    engine.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
