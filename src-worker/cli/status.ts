import fs from 'node:fs';
import type { EngineStatus } from '../../src-shared/contract/index.js';
import { homePaths, resolveDevlogHome } from '../paths.js';
import { openReadableDb } from '../store/database.js';
import { readStoreTotals } from '../store/totals.js';
import { readDaemonInfo } from '../daemon-file.js';
import { fetchDaemonStatus } from './daemon-client.js';
import { formatBytes } from './format.js';

function printHuman(status: EngineStatus | undefined, offline: { home: string; totals?: EngineStatus['store'] }): void {
  const out: string[] = [];
  if (status) {
    out.push(`engine   ${status.state} (pid ${status.pid}, devlog ${status.version})`);
    out.push(`data     ${status.home}`);
  } else {
    out.push('engine   not running');
    out.push(`data     ${offline.home}`);
  }
  const store = status?.store ?? offline.totals;
  if (store) {
    out.push(`store    ${store.sessions} sessions, ${store.messages} messages, ${store.toolCalls} tool calls, ${formatBytes(store.dbBytes)}`);
    if (store.malformed) out.push(`problems ${store.malformed} malformed records (see status --json)`);
  } else {
    out.push('store    empty (nothing collected yet)');
  }
  process.stdout.write(out.join('\n') + '\n');
}

/** `devlog status`: asks the running engine; without one, reads the store read-only. */
export async function runStatus(options: { json: boolean }): Promise<void> {
  const home = resolveDevlogHome();
  const paths = homePaths(home);
  const daemon = readDaemonInfo(paths.daemon);
  const status = daemon ? await fetchDaemonStatus(paths, daemon).catch(() => undefined) : undefined;
  let totals: EngineStatus['store'] | undefined;
  if (!status && fs.existsSync(paths.db)) {
    const db = openReadableDb(paths.db);
    try {
      totals = readStoreTotals(db, paths.db);
    } finally {
      db.close();
    }
  }
  if (options.json) {
    process.stdout.write(JSON.stringify(status ?? { running: false, home, store: totals ?? null }, null, 2) + '\n');
    return;
  }
  printHuman(status, totals ? { home, totals } : { home });
}
