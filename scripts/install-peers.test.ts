// scripts/install-peers.mjs really installs the peers (from the npm registry, into a copy of the
// script's layout in a temporary folder), makes them executable, and leaves them alone after.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src-worker/testing/cli-process.js';
import { ccusageNativeBin, peerBinPath, peerSpec, tokscaleBin } from '../src-worker/testing/peers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-peers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function runInstall(root: string, ...names: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'install-peers.mjs'), ...names], { encoding: 'utf8', timeout: 300_000 });
}

describe('install-peers', () => {
  it('installs ccusage 20 native once, sets its execute bit, and is idempotent', () => {
    fs.mkdirSync(path.join(tmp, 'scripts'));
    for (const f of ['install-peers.mjs', 'peers.json']) fs.copyFileSync(path.join(REPO_ROOT, 'scripts', f), path.join(tmp, 'scripts', f));
    const first = runInstall(tmp, 'ccusage');
    expect(first.status, first.stderr).toBe(0);
    const bin = peerBinPath('ccusage', tmp);
    expect(fs.statSync(bin).mode & 0o111).toBe(0o111);

    // Lose the execute bit (as npm installs it): a second run restores it without reinstalling.
    const installedAt = fs.statSync(bin).mtimeMs;
    fs.chmodSync(bin, 0o644);
    const second = runInstall(tmp, 'ccusage');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('already in');
    expect(second.stdout).not.toContain('npm install');
    expect(fs.statSync(bin).mode & 0o111).toBe(0o111);
    expect(fs.statSync(bin).mtimeMs).toBe(installedAt);
  });

  it('names the peers it knows when asked for another', () => {
    const r = runInstall(REPO_ROOT, 'ccusgae');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown peer "ccusgae" (known: ccusage, tokscale)');
  });

  it('leaves binaries in the repository that run and report the pinned versions', () => {
    for (const [bin, name] of [[ccusageNativeBin(), 'ccusage'], [tokscaleBin(), 'tokscale']] as const) {
      const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(peerSpec(name).version);
    }
  });
});

