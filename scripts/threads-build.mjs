// The engine's worker-thread bundles (parse thread, checkpoint thread), built beside the other
// entries: the app build, the benchmark build and the test setup all use this one definition.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds <outdir>/parse-thread.mjs and <outdir>/checkpoint-thread.mjs (outdir relative to the repository root). */
export function buildThreads(outdir, extra = {}) {
  return build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
    entryPoints: {
      'parse-thread': 'src-worker/collect/parse-thread/entry.ts',
      'checkpoint-thread': 'src-worker/store/checkpoint/entry.ts',
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    ...extra,
  });
}
