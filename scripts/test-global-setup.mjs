// Vitest global setup: builds the parse thread from the current sources into dist/parse-thread,
// where the engine finds it, so in-process tests of the engine run today's parser on a real
// worker thread (not a stale bundle, not an inline stand-in).
import { readFileSync } from 'node:fs';
import { buildParseThread } from './parse-thread-build.mjs';

export default async function setup() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  await buildParseThread('dist/parse-thread', { define: { __DEVLOG_VERSION__: JSON.stringify(pkg.version) } });
}
