// The parse thread's bundle (src-worker/collect/parse-thread/entry.ts), built beside the other
// entries: the app build, the benchmark build and the test setup all use this one definition.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds <outdir>/parse-thread.mjs (outdir relative to the repository root). */
export function buildParseThread(outdir, extra = {}) {
  return build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
    entryPoints: { 'parse-thread': 'src-worker/collect/parse-thread/entry.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    ...extra,
  });
}
