// Installs the tools devlog's numbers are checked against ("peers": ccusage 20 native, tokscale)
// into .cache/peers/<name>-<version>/ (git-ignored). They cannot be devDependencies: npm 11 writes
// a lock holding only this platform's optional binary package, which `npm ci` elsewhere rejects.
// Their binaries arrive without the execute bit, so this sets it. Idempotent: an installed peer
// of the right version is left alone. The layout is described in scripts/peers.json, which
// src-worker/testing/peers.ts reads too.
// Usage: node scripts/install-peers.mjs [ccusage] [tokscale]   (default: all of them)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'peers.json'), 'utf8'));
const target = `${process.platform}-${process.arch}`;

function fail(message) {
  console.error(`install-peers: ${message}`);
  process.exit(1);
}

/** The folder npm installs a peer into, its platform package and the binary's path. */
function layout(name) {
  const peer = manifest[name];
  const pkg = peer.platforms[target];
  if (!pkg) fail(`${peer.label} has no build for ${target} (known: ${Object.keys(peer.platforms).join(', ')})`);
  const prefix = path.join(root, '.cache', 'peers', `${name}-${peer.version}`);
  const pkgDir = path.join(prefix, 'node_modules', ...pkg.split('/'));
  const bin = path.join(pkgDir, peer.bin + (process.platform === 'win32' ? '.exe' : ''));
  return { peer, pkg, prefix, pkgDir, bin };
}

function installedVersion(pkgDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function install(name) {
  const { peer, pkg, prefix, pkgDir, bin } = layout(name);
  if (installedVersion(pkgDir) === peer.version && fs.existsSync(bin)) {
    fs.chmodSync(bin, 0o755);
    console.log(`install-peers: ${peer.label} ${peer.version} already in ${path.relative(root, prefix)}`);
    return;
  }
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  // A package.json of its own, so npm installs here and never walks up into the repository's.
  fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: `devlog-peer-${name}`, private: true }) + '\n');
  const specs = [...peer.with, pkg].map((p) => `${p}@${peer.version}`);
  const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', ...specs];
  console.log(`install-peers: npm ${args.join(' ')}`);
  const npm = spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (npm.status !== 0) fail(`npm install of ${specs.join(' ')} failed (exit ${npm.status ?? npm.signal}); see npm's output above`);
  if (!fs.existsSync(bin)) fail(`${specs.join(' ')} installed, but ${path.relative(root, bin)} is not there`);
  fs.chmodSync(bin, 0o755);
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (version.status !== 0 || !version.stdout.includes(peer.version)) {
    fail(`${path.relative(root, bin)} --version did not print ${peer.version}: ${(version.stderr || version.stdout || String(version.error)).trim()}`);
  }
  console.log(`install-peers: ${peer.label} ${peer.version} installed: ${path.relative(root, bin)}`);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!manifest[name]) fail(`unknown peer "${name}" (known: ${Object.keys(manifest).join(', ')})`);
for (const name of wanted.length ? wanted : Object.keys(manifest)) install(name);
