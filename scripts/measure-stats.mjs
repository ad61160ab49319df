// Bundles and runs src-worker/testing/stats-scale.ts: stats.get timings on a generated store of
// ~1M messages. Usage: node scripts/measure-stats.mjs [--sessions N]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.cache/measure/stats-scale.mjs`;
await build({ absWorkingDir: root, entryPoints: ['src-worker/testing/stats-scale.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
process.exit(spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' }).status ?? 1);
