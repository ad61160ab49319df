// Vitest global setup: builds the Node entries (CLI, desktop worker, parse thread; not the
// renderer) from the current sources, so tests that run them, and in-process engine tests that
// start the parse thread, always run today's code, never a stale bundle. `npm test` also builds
// the renderer first for the browser tests.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  const script = fileURLToPath(new URL('./build.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script, '--skip-renderer'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`test setup: node scripts/build.mjs --skip-renderer failed (exit ${result.status})`);
}
