import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { AGENT_IDS, isAgentId } from '../src-shared/domain.js';
import { queueReparse, Reparser, type ReparseProgress } from '../src-worker/reparse/reparser.js';
import { SOURCE_ADAPTERS } from '../src-worker/sources/registry.js';
import { EXIT_FAILURE } from './fail.js';
import { formatCount } from './format.js';
import { openStoreOwner } from './store-owner.js';

export interface ReparseOptions {
  agent?: string;
  json?: boolean;
}

/** `devlog reparse`: re-derive every file's rows (or one agent's) from the raw records the store kept. */
export async function runReparse(options: ReparseOptions): Promise<void> {
  if (options.agent !== undefined && !isAgentId(options.agent)) {
    throw new DevlogError(ErrorCodes.BadRequest, `unknown agent "${options.agent}" (one of ${AGENT_IDS.join(', ')})`);
  }
  const agent = options.agent;
  const engine = openStoreOwner('reparse');
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  const bar = options.json || !process.stderr.isTTY ? undefined : drawBar;
  let result: ReparseProgress;
  let resumed = false;
  try {
    // Files still marked are what an interrupted run (Ctrl-C, a crash) left: finish those first.
    resumed = (engine.db.prepare('SELECT count(*) FROM files WHERE reparse_pending = 1').pluck().get() as number) > 0;
    if (!resumed) queueReparse(engine.db, SOURCE_ADAPTERS, { all: true, agent });
    result = await new Reparser(engine.db, engine.seq, SOURCE_ADAPTERS, (p) => bar?.(p)).run(stop.signal);
  } finally {
    process.off('SIGINT', interrupt);
    if (bar) process.stderr.write('\r\x1b[K');
    engine.dispose();
  }
  const interrupted = result.filesDone < result.filesTotal;
  if (options.json) {
    process.stdout.write(JSON.stringify({ ...result, resumed, interrupted }, null, 2) + '\n');
  } else {
    const lines = [
      ...(resumed ? ['continued an interrupted run (run `devlog reparse` again for a full one)'] : []),
      `re-derived ${formatCount(result.filesDone)} of ${formatCount(result.filesTotal)} files from ${formatCount(result.records)} stored records: ` +
        `${formatCount(result.messagesChanged)} messages new or changed, ${formatCount(result.rowsRemoved)} rows no longer produced removed`,
    ];
    if (result.rereadFromSource) lines.push(`${formatCount(result.rereadFromSource)} databases were stored before per-row records: the next sync reads them again`);
    if (result.skipped) lines.push(`${formatCount(result.skipped)} files left as they were: stored before line positions were kept, and gone (devlog status shows which)`);
    if (result.failed) lines.push(`${formatCount(result.failed)} files failed (devlog status shows why)`);
    if (interrupted) lines.push('interrupted: run `devlog reparse` again to finish (the engine also finishes it at start)');
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (result.failed || interrupted) process.exitCode = EXIT_FAILURE;
}

/** One self-rewriting line on a TTY. */
function drawBar(p: ReparseProgress): void {
  if (!p.running || p.filesTotal === 0) return;
  const width = 30;
  const filled = Math.round((p.filesDone / p.filesTotal) * width);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files, ${formatCount(p.records)} records`;
  process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 120) - 1)}\x1b[K`);
}
