import { runDevlog, freshHome, type BenchContext } from '../lib/context.js';
import { notMeasured, type MeasurementResult } from '../lib/result.js';

/** Which of the commands item (8) drives exist in this build (read from `devlog --help`). */
export function exportCommands(help: string): { export: boolean; serve: boolean; remote: boolean } {
  const has = (name: string) => new RegExp(`^\\s+${name}\\b`, 'm').test(help);
  return { export: has('export'), serve: has('serve'), remote: has('remote') };
}

/**
 * (8) Export: records/s from devlog to a loopback `devlog serve` (embedded PostgreSQL, and a
 * real PostgreSQL through DATABASE_URL), and server ingest with one vs two server processes.
 *
 * Not measurable yet: `devlog export` and `devlog remote` do not exist (a later issue), so this
 * reports n/a instead of a number. When they land, fill in `runExport` below:
 *   1. `devlog serve --port 0 --data <work>/pg` (and a second with DATABASE_URL for a real
 *      PostgreSQL), `devlog server user add bench`, `devlog server token create bench`;
 *   2. `devlog remote add bench http://127.0.0.1:PORT` with the token on the ingested store;
 *   3. time `devlog export --remote bench --all` (records/s = store records / wall time), median
 *      of --runs, each against an empty server database;
 *   4. one vs two server processes on the same database behind the exporter (two remotes or a
 *      round-robin proxy), server-side records/s from its /metrics.
 */
export async function measureExport(ctx: BenchContext): Promise<MeasurementResult> {
  const r = await runDevlog(ctx, freshHome(ctx, 'help'), ['--help']);
  const found = exportCommands(r.stdout + r.stderr);
  const reason = !found.export || !found.remote ? 'export not built yet' : 'export harness not filled in yet';
  return {
    id: 'export',
    n: 8,
    title: 'export to a loopback devlog serve',
    metrics: [
      notMeasured('export.embeddedRecordsPerS', 'export to devlog serve (embedded PostgreSQL), records/s', reason),
      notMeasured('export.postgresRecordsPerS', 'export to devlog serve (real PostgreSQL), records/s', reason),
      notMeasured('export.serverIngest1', 'server ingest, one server process, records/s', reason),
      notMeasured('export.serverIngest2', 'server ingest, two server processes, records/s', reason),
    ],
    details: { commands: found },
  };
}
