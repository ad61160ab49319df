// Bundles the benchmark with esbuild, the same way scripts/build.mjs bundles the app:
// - dist/bench/run.mjs: the runner (bench/run.ts and the query code it times in-process);
// - dist/bench/cli/devlog.mjs: the devlog CLI the benchmark runs, built from the same sources
//   at the same moment, so one benchmark run measures one build even if dist/cli is rebuilt
//   meanwhile (and building the bench never deletes dist/cli under someone else's feet).
// node_modules stay external (better-sqlite3 is native); bare imports resolve from the repo.
// Usage: node bench/build.mjs   (`npm run bench` runs it, then dist/bench/run.mjs)
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildThreads } from '../scripts/threads-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  define: { __DEVLOG_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

rmSync(new URL('../dist/bench', import.meta.url), { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: { run: 'bench/run.ts' }, outdir: 'dist/bench' }),
  build({ ...common, entryPoints: { devlog: 'src-cli/main.ts' }, outdir: 'dist/bench/cli' }),
  // Its own engine threads, found beside it (dist/bench/threads/).
  buildThreads('dist/bench/threads', { define: common.define }),
]);
