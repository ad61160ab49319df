import { AGENT_IDS } from '../src-shared/domain.js';
import { parseRootFlags } from '../src-worker/collect/roots.js';
import { resolveDevlogHome } from '../src-worker/paths.js';
import { startEngine } from '../src-worker/start-engine.js';
import { formatBytes, formatCount } from './format.js';
import { ProgressBar } from './progress-bar.js';
import { onStopSignal } from './stop-signal.js';

export interface CollectOptions {
  json: boolean;
  root: string[];
}

/** `devlog collect` (old name: `sync --once`): collect all history up to now, print a summary, exit. */
export async function runCollect(options: CollectOptions): Promise<void> {
  const rootOverrides = parseRootFlags(options.root, AGENT_IDS);
  const running = startEngine({ home: resolveDevlogHome(), mode: 'once', rootOverrides });
  // Ctrl-C mid-scan: stop at the next piece; a later sync resumes from the cursors.
  onStopSignal(() => {
    process.stderr.write('\ndevlog: collection interrupted; run it again to continue\n');
    running.stop();
  }, 130);
  try {
    const bar = new ProgressBar();
    if (!options.json) running.collector.onProgress((p) => bar.update(p));
    const summary = (await running.historyDone)!;
    bar.done();
    if (options.json) {
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      return;
    }
    process.stdout.write(
      `synced ${formatCount(summary.files)} files (${formatBytes(summary.bytes)}), ${formatCount(summary.records)} records in ${(summary.durationMs / 1000).toFixed(1)} s\n` +
        `store: ${formatCount(summary.sessions)} sessions, ${formatCount(summary.messages)} messages` +
        (summary.problems ? `; ${formatCount(summary.problems)} problems (devlog status shows where)\n` : '\n'),
    );
  } finally {
    running.stop();
  }
}
