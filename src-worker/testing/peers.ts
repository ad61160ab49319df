import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli-process.js';

/**
 * The native ccusage 20.0.24 binary that `node scripts/install-peers.mjs` puts in .cache/peers
 * (not a devDependency: npm 11 locks only this platform's optional package, and `npm ci` then
 * fails elsewhere). Throws, saying how to install it, when it is absent.
 */
export function ccusageNativeBin(): string {
  const bin = path.join(REPO_ROOT, '.cache', 'peers', 'node_modules', '@ccusage', 'ccusage-linux-x64', 'bin', 'ccusage');
  if (!fs.existsSync(bin)) throw new Error('ccusage 20 (native) is missing: run `node scripts/install-peers.mjs`');
  return bin;
}
