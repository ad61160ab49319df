import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the build puts the parse thread's bundle, relative to a folder that holds `dist`. */
const BUNDLE = path.join('parse-thread', 'parse-thread.mjs');

/**
 * The parse thread's script. Bundles live in dist/<entry>/ (dist/cli/chunks/… for the CLI,
 * dist/worker/ for the desktop worker), and the parse thread in dist/parse-thread/; tests running
 * from sources find the copy their global setup builds at the same place. Inside an asar archive
 * the unpacked copy is used (worker threads cannot start from inside the archive).
 */
export function parseThreadScript(): string {
  const override = process.env.DEVLOG_PARSE_THREAD?.trim();
  if (override) return path.resolve(override);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, BUNDLE), path.join(dir, 'dist', BUNDLE)]) {
      const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
      if (fs.existsSync(unpacked)) return unpacked;
      if (fs.existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`the parse thread bundle (dist/${BUNDLE.split(path.sep).join('/')}) is missing: run \`npm run build\``);
}
