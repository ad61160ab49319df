/**
 * Measures `getStats` on a generated store of about 1M messages, 300k usage rows and 300k tool
 * calls (10k sessions over a year), the rollups built by migration 0004 from existing rows.
 * Not a test (no timings in tests): `node scripts/measure-stats.mjs [--sessions N] [--db FILE]`
 * prints the migration time and the median of each query; with --db the store is kept in FILE
 * (and reused when it exists); with --triggers the rows are written with the rollup triggers in
 * place (what ingest pays) instead of migrated afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReadableDb, openWritableDb } from '../store/database.js';
import { MIGRATIONS, migrate } from '../store/migrations/index.js';
import { syncDayRollups } from '../store/stats-day-zone.js';
import { PriceTable } from '../query/prices.js';
import { getStats } from '../query/stats.js';
import type { StatsQuery } from '../../src-shared/contract/index.js';
import { Random } from './corpus/random.js';

const args = process.argv.slice(2);
const sessions = Number(args[args.indexOf('--sessions') + 1] ?? 10_000) || 10_000;
const keep = args.includes('--db') ? path.resolve(args[args.indexOf('--db') + 1]!) : undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-stats-scale-'));
const file = keep ?? path.join(dir, 'devlog.db');
const reuse = keep !== undefined && fs.existsSync(keep);
if (!reuse) generate();

function generate(): void {
const db = openWritableDb(file);
// --triggers: rows written into a store that already has the rollup triggers (ingest cost).
const withTriggers = args.includes('--triggers');
migrate(db, withTriggers ? MIGRATIONS : MIGRATIONS.filter((m) => m.version <= 2));

const rnd = new Random(42);
const models = ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805', 'claude-haiku-4-5-20251001', 'gpt-5-codex'];
const yearStart = Date.parse('2025-12-01T00:00:00Z');
let seq = 1;
const insSession = db.prepare(`INSERT INTO sessions(id, agent, native_id, origin_machine, workspace, started_at, ended_at, models, seq) VALUES (?, ?, ?, 'm', ?, ?, ?, ?, ?)`);
const insMessage = db.prepare(`INSERT INTO messages(id, session_id, role, time, model, text, ordinal, hash, seq) VALUES (?, ?, ?, ?, ?, '', ?, '', ?)`);
const insTool = db.prepare(`INSERT INTO tool_calls(id, session_id, message_id, name, time, hash, seq) VALUES (?, ?, ?, 'Bash', ?, '', ?)`);
const insUsage = db.prepare(`INSERT INTO usage(key, session_id, message_id, time, model, input, output, cache_read, cache_creation, reasoning, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`);
const counts = { messages: 0, usage: 0, toolCalls: 0 };
const t0 = performance.now();
db.transaction(() => {
  for (let s = 0; s < sessions; s++) {
    const agent = rnd.next() < 0.8 ? 'claude-code' : 'codex';
    const id = `${agent}:session-${s}`;
    const model = agent === 'codex' ? 'gpt-5-codex' : models[Math.floor(rnd.next() * 3)]!;
    let t = yearStart + Math.floor(rnd.next() * 365 * 86_400_000);
    const start = new Date(t).toISOString();
    const n = 100;
    const rows: Array<() => void> = [];
    for (let i = 0; i < n; i++) {
      t += Math.floor(rnd.next() * 120_000); // up to 2 minutes between messages: ~1.7 h sessions
      const time = new Date(t).toISOString();
      const mid = `${id}:m${i}`;
      const assistant = i % 2 === 1;
      rows.push(() => insMessage.run(mid, id, assistant ? 'assistant' : 'user', time, assistant ? model : null, i, seq++));
      counts.messages++;
      if (assistant && i % 10 < 6) {
        rows.push(() => insUsage.run(`${mid}:u`, id, mid, time, model, 3 + (i % 7), 200 + i, 30_000 + i * 10, 1000, seq++));
        rows.push(() => insTool.run(`${mid}:t`, id, mid, time, seq++));
        counts.usage++;
        counts.toolCalls++;
      }
    }
    insSession.run(id, agent, `session-${s}`, `/home/u/project-${s % 50}`, start, new Date(t).toISOString(), JSON.stringify([model]), seq++);
    for (const r of rows) r();
  }
})();
const genMs = performance.now() - t0;
const m0 = performance.now();
migrate(db);
syncDayRollups(db); // as the engine does when it opens the store
const migrateMs = performance.now() - m0;
const rollupRows = db
  .prepare(
    'SELECT (SELECT count(*) FROM stats_rollup) AS rollup, (SELECT count(*) FROM session_activity) AS activity, (SELECT count(*) FROM stats_rollup_day) AS rollupDay, (SELECT count(*) FROM session_activity_day) AS activityDay',
  )
  .get();
db.close();
console.log(`store: ${sessions} sessions, ${counts.messages} messages, ${counts.usage} usage rows, ${counts.toolCalls} tool calls (generated in ${(genMs / 1000).toFixed(1)} s)`);
console.log(`migration 0004 on it: ${(migrateMs / 1000).toFixed(1)} s; rollup rows ${JSON.stringify(rollupRows)}`);
}

const reader = openReadableDb(file);
const prices = new PriceTable();
const now = new Date('2026-12-01T00:00:00Z');
const cases: Array<[string, StatsQuery]> = [
  ['--by day (all time)', { by: 'day' }],
  ['--by day, Asia/Kolkata', { by: 'day', timeZone: 'Asia/Kolkata' }],
  ['--by agent', { by: 'agent' }],
  ['--by model', { by: 'model' }],
  ['--by workspace', { by: 'workspace' }],
  ['--by day --since 2026-06-01 --agent claude-code', { by: 'day', since: '2026-06-01', agents: ['claude-code'] }],
  ['--by day --since 7d (exact path)', { by: 'day', since: '7d' }],
  ['--by day --since 30d (exact path)', { by: 'day', since: '30d' }],
  ['--by model --model opus (exact path)', { by: 'model', model: 'opus' }],
];
for (const [label, q] of cases) {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    getStats(reader, q, prices, { now });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} median ${times[3]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[6]!.toFixed(1)})`);
}
reader.close();
fs.rmSync(dir, { recursive: true, force: true });
