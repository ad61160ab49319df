import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { childEnv, dbFile, freshHome, runDevlog, type BenchContext } from '../lib/context.js';
import { assertOk, sleep, startProcess, type LongRunning } from '../lib/proc.js';
import { summarize, type Summary } from '../lib/stats.js';

const TOKEN_ENV = 'DEVLOG_BENCH_TOKEN';
const START_MS = 120_000;
/** One append must arrive well within this; a miss is a failed measurement, not a slow one. */
const ARRIVE_MS = 60_000;

/** A Claude Code user line, as the agent appends it. */
function userLine(sessionId: string, text: string): string {
  const line = {
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/bench/live-sync',
    sessionId,
    version: '2.1.14',
    gitBranch: 'main',
    type: 'user',
    message: { role: 'user', content: text },
    uuid: crypto.randomUUID(),
    timestamp: new Date().toISOString(),
  };
  return JSON.stringify(line) + '\n';
}

/** Whether B's store has a message with this text (read-only, beside the running engine). */
function arrived(home: string, text: string): boolean {
  if (!fs.existsSync(dbFile(home))) return false;
  const db = new Database(dbFile(home), { readonly: true });
  try {
    return db.prepare('SELECT 1 FROM messages WHERE instr(text, ?) > 0').get(text) !== undefined;
  } catch {
    return false; // the engine is still creating the store
  } finally {
    db.close();
  }
}

async function waitArrived(home: string, text: string): Promise<number> {
  const started = performance.now();
  while (!arrived(home, text)) {
    if (performance.now() - started > ARRIVE_MS) throw new Error(`"${text}" did not arrive on machine B within ${ARRIVE_MS} ms`);
    await sleep(10);
  }
  return performance.now() - started;
}

/**
 * Continuous machine sync: machines A and B each run `devlog start` with the same server remote
 * (`--auto --pull`, an hour's interval, so only continuous mode can carry it). A line appended to
 * a session file on A is timed until it is in B's store: A's watcher and commit, the debounced
 * export, the server's event stream, B's pull and import. Median of `appends` appends.
 */
export async function measureLiveSync(ctx: BenchContext, serverUrl: string, token: string, appends: number): Promise<Summary> {
  const homes = [freshHome(ctx, 'sync-a'), freshHome(ctx, 'sync-b')];
  const roots = homes.map((h) => path.join(h, 'claude'));
  const sessionId = crypto.randomUUID();
  const project = path.join(roots[0]!, 'projects', '-home-bench-live-sync');
  fs.mkdirSync(project, { recursive: true });
  fs.mkdirSync(roots[1]!, { recursive: true });
  const file = path.join(project, `${sessionId}.jsonl`);
  fs.writeFileSync(file, userLine(sessionId, 'first prompt of the live sync bench'));
  const procs: LongRunning[] = [];
  try {
    for (const home of homes) {
      const args = ['remote', 'add', 'home', serverUrl, '--token-env', TOKEN_ENV, '--auto', '--pull', '--interval', '1h', '--no-redact'];
      assertOk(await runDevlog(ctx, home, args, [], { [TOKEN_ENV]: token }), 'devlog remote add --auto --pull');
    }
    homes.forEach((home, i) => {
      const env = childEnv(ctx, { DEVLOG_HOME: home, [TOKEN_ENV]: token });
      procs.push(startProcess(process.execPath, [ctx.cli, 'start', '--port', '0', '--root', `claude-code=${roots[i]}`], { env }));
    });
    for (const p of procs) await p.waitFor(/history synced; watching/, START_MS);
    await waitArrived(homes[1]!, 'first prompt of the live sync bench');
    const samples: number[] = [];
    for (let i = 0; i < appends; i++) {
      const text = `live sync bench line ${i} ${crypto.randomBytes(4).toString('hex')}`;
      fs.appendFileSync(file, userLine(sessionId, text));
      samples.push(await waitArrived(homes[1]!, text));
      await sleep(200); // apart, so each append is its own commit and export
    }
    return summarize(samples);
  } finally {
    for (const p of procs) await p.stop();
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  }
}
