import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The engine's worker-thread bundles, built into dist/threads/ (scripts/threads-build.mjs). */
export type ThreadName = 'parse-thread' | 'checkpoint-thread' | 'query-thread';

/**
 * The script of one of the engine's threads. Bundles live in dist/<entry>/ (dist/cli/chunks/…
 * for the CLI, dist/worker/ for the desktop worker) and the threads in dist/threads/; tests
 * running from sources find the copy their global setup builds at the same place. Inside an asar
 * archive the unpacked copy is used (worker threads cannot start from inside the archive).
 */
export function threadScript(name: ThreadName): string {
  const override = process.env.DEVLOG_THREADS_DIR?.trim();
  if (override) return path.resolve(override, `${name}.mjs`);
  const bundle = path.join('threads', `${name}.mjs`);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, bundle), path.join(dir, 'dist', bundle)]) {
      const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
      if (fs.existsSync(unpacked)) return unpacked;
      if (fs.existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`the engine thread bundle dist/threads/${name}.mjs is missing: run \`npm run build\``);
}
