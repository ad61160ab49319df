import os from 'node:os';
import path from 'node:path';
import type { PlatformInfo } from './types.js';

export function currentPlatform(): PlatformInfo {
  return { platform: process.platform, home: os.homedir(), env: process.env };
}

/**
 * The VS Code family's user-data folder for a product name ("Code", "Code - Insiders",
 * "Cursor", ...) on each OS.
 */
export function vscodeUserDir(p: PlatformInfo, product: string): string {
  if (p.platform === 'darwin') return path.join(p.home, 'Library', 'Application Support', product, 'User');
  if (p.platform === 'win32') return path.join(p.env.APPDATA ?? path.join(p.home, 'AppData', 'Roaming'), product, 'User');
  return path.join(p.env.XDG_CONFIG_HOME || path.join(p.home, '.config'), product, 'User');
}

/** Splits a comma-separated list of paths from an environment variable. */
export function envPathList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
