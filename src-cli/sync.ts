import { AGENT_IDS } from '../src-shared/domain.js';
import { parseRootFlags } from '../src-worker/collect/roots.js';
import { createCollector } from '../src-worker/collect/create.js';
import { Engine } from '../src-worker/engine.js';
import { resolveDevlogHome } from '../src-worker/paths.js';
import { formatBytes, formatCount } from './format.js';
import { ProgressBar } from './progress-bar.js';

export interface SyncOptions {
  once: boolean;
  json: boolean;
  root: string[];
}

/** `devlog sync --once`: collect all history up to now, print a summary, exit. */
export async function runSyncOnce(options: SyncOptions): Promise<void> {
  const rootOverrides = parseRootFlags(options.root, AGENT_IDS);
  const engine = Engine.open({ home: resolveDevlogHome() });
  try {
    const collector = createCollector(engine, { rootOverrides });
    const bar = new ProgressBar();
    if (!options.json) collector.onProgress((p) => bar.update(p));
    const summary = await collector.syncOnce();
    bar.done();
    if (options.json) {
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      return;
    }
    process.stdout.write(
      `synced ${formatCount(summary.files)} files (${formatBytes(summary.bytes)}), ${formatCount(summary.records)} records in ${(summary.durationMs / 1000).toFixed(1)} s\n` +
        `store: ${formatCount(summary.sessions)} sessions, ${formatCount(summary.messages)} messages` +
        (summary.malformed ? `; ${formatCount(summary.malformed)} malformed records (devlog status shows where)\n` : '\n'),
    );
  } finally {
    engine.dispose();
  }
}
