/**
 * Test and bench support: where `node scripts/install-peers.mjs` put the tools devlog's numbers
 * are checked against (ccusage 20 native, tokscale). The layout comes from scripts/peers.json,
 * the one description the install script reads too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli-process.js';

export type PeerName = 'ccusage' | 'tokscale';

interface PeerSpec {
  label: string;
  version: string;
  platforms: Record<string, string>;
  bin: string;
}

export const INSTALL_PEERS = 'node scripts/install-peers.mjs';

export function peerSpec(name: PeerName): PeerSpec {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'peers.json'), 'utf8')) as Record<PeerName, PeerSpec>;
  return manifest[name];
}

/** Where the peer's binary is once installed under `root` (whether or not it is there now). */
export function peerBinPath(name: PeerName, root = REPO_ROOT): string {
  const spec = peerSpec(name);
  const target = `${process.platform}-${process.arch}`;
  const pkg = spec.platforms[target];
  if (!pkg) throw new Error(`${spec.label} has no build for ${target} (known: ${Object.keys(spec.platforms).join(', ')})`);
  const bin = spec.bin + (process.platform === 'win32' ? '.exe' : '');
  return path.join(root, '.cache', 'peers', `${name}-${spec.version}`, 'node_modules', ...pkg.split('/'), bin);
}

/** The installed, executable binary, or an error saying how to install it. */
export function peerBin(name: PeerName): string {
  const bin = peerBinPath(name);
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    const label = name === 'ccusage' ? 'ccusage 20 (native)' : peerSpec(name).label;
    throw new Error(`${label} is missing: run \`${INSTALL_PEERS}\` (expected ${path.relative(REPO_ROOT, bin)})`);
  }
  return bin;
}

/** ccusage 20.0.24's native binary (the reference for token totals). */
export function ccusageNativeBin(): string {
  return peerBin('ccusage');
}

/** tokscale's native binary (a peer in the benchmark). */
export function tokscaleBin(): string {
  return peerBin('tokscale');
}
