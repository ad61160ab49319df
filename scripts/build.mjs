// Builds every process: esbuild bundles the Node/Electron entries (fast, no config to speak of),
// Vite builds the renderer. Usage: node scripts/build.mjs [--skip-renderer]
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildThreads } from './threads-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const skipRenderer = process.argv.includes('--skip-renderer');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  // node_modules stay external: native modules must load from their own folders, and
  // electron-builder packs production dependencies as they are.
  packages: 'external',
  define: { __DEVLOG_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

rmSync(new URL('../dist/cli', import.meta.url), { recursive: true, force: true });
await Promise.all([
  // The CLI and headless engine (also `devlog serve`), plain Node, ESM.
  // Split into chunks: each command's code loads only when that command runs (fast CLI start).
  build({ ...common, format: 'esm', splitting: true, chunkNames: 'chunks/[name]-[hash]', entryPoints: { devlog: 'src-cli/main.ts' }, outdir: 'dist/cli', outExtension: { '.js': '.mjs' } }),
  // The engine's worker threads (parsing, WAL checkpoints).
  buildThreads('dist/threads', { define: common.define }),
  // The engine under Electron's utilityProcess.
  build({ ...common, format: 'esm', entryPoints: { 'entry-utility': 'src-worker/entry-utility.ts' }, outdir: 'dist/worker', outExtension: { '.js': '.mjs' } }),
  // Electron main (CommonJS: the most conservative choice for the app entry). Its few pure-JS
  // dependencies (electron-store is ESM-only) are bundled in.
  build({ ...common, packages: undefined, external: ['electron'], format: 'cjs', entryPoints: { index: 'src-main/index.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } }),
  // The preload runs sandboxed: one self-contained CommonJS file, only electron external.
  build({ ...common, packages: undefined, external: ['electron'], format: 'cjs', entryPoints: { index: 'src-main/preload/index.ts' }, outdir: 'dist/preload', outExtension: { '.js': '.cjs' } }),
]);

if (!skipRenderer) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
