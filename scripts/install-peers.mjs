// Installs the reference tools the accounting tests compare against into .cache/peers:
// ccusage 20.0.24 and its native Linux x64 build. They cannot be devDependencies (npm 11 writes
// a lock without the other platforms' optional packages, which `npm ci` then rejects).
// Idempotent: does nothing when the right versions are already there.
// Usage: node scripts/install-peers.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = path.join(root, '.cache', 'peers');
const VERSION = '20.0.24';
const packages = [`ccusage@${VERSION}`, `@ccusage/ccusage-linux-x64@${VERSION}`];
const nativeDir = path.join(prefix, 'node_modules', '@ccusage', 'ccusage-linux-x64');
const binary = path.join(nativeDir, 'bin', 'ccusage');

function installedVersion(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

const ready = installedVersion(path.join(prefix, 'node_modules', 'ccusage')) === VERSION && installedVersion(nativeDir) === VERSION && fs.existsSync(binary);
if (!ready) {
  fs.mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', ...packages], { stdio: 'inherit' });
}
// The registry tarball ships the binary without its exec bit.
fs.chmodSync(binary, 0o755);
console.log(`ccusage ${VERSION} (native): ${path.relative(root, binary)}`);
