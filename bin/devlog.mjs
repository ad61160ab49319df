#!/usr/bin/env node
// The `devlog` command. Runs the built bundle; `npm install` builds it (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// A 1 MB young generation (default 16 MB): the engine allocates many short-lived objects per
// piece, and a smaller nursery keeps peak memory of a history scan down (measured: -30 MB RSS).
v8.setFlagsFromString('--max-semi-space-size=1');

const entry = fileURLToPath(new URL('../dist/cli/devlog.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('devlog: not built yet. Run `npm run build` in the devlog folder.\n');
  process.exit(1);
}
await import(entry);
