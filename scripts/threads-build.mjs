// The engine's worker-thread bundles (parse, checkpoint and query threads), built beside the other
// entries: the app build, the benchmark build and the test setup all use this one definition.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds <outdir>/<thread>.mjs for each engine thread (outdir relative to the repository root). */
export function buildThreads(outdir, extra = {}) {
  return build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
    entryPoints: {
      'parse-thread': 'src-worker/collect/parse-thread/entry.ts',
      'checkpoint-thread': 'src-worker/store/checkpoint/entry.ts',
      'query-thread': 'src-worker/query/query-thread/entry.ts',
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    ...extra,
  });
}
