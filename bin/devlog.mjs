#!/usr/bin/env node
// The `devlog` command. Runs the built bundle; `npm install` builds it (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/devlog.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('devlog: not built yet. Run `npm run build` in the devlog folder.\n');
  process.exit(1);
}
await import(entry);
