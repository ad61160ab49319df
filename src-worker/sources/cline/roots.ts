/**
 * Where each Cline-family extension keeps its task folders: the globalStorage/<extension id>
 * folder of every VS Code-family editor (VS Code, Insiders, Cursor, Windsurf, VSCodium) on each
 * OS, of VS Code's remote servers (SSH/WSL, Codespaces), and Cline's standalone folder.
 */
import path from 'node:path';
import type { PlatformInfo } from '../types.js';
import type { ClineFork } from './forks.js';

export const EDITOR_PRODUCTS = ['Code', 'Code - Insiders', 'Cursor', 'Windsurf', 'VSCodium'] as const;

/** The editor's User folder, joined with the separators of the platform asked about (not this host's). */
export function editorUserDir(p: PlatformInfo, product: string): string {
  if (p.platform === 'win32') {
    const appData = p.env.APPDATA || path.win32.join(p.env.USERPROFILE || p.home, 'AppData', 'Roaming');
    return path.win32.join(appData, product, 'User');
  }
  if (p.platform === 'darwin') return path.posix.join(p.home, 'Library', 'Application Support', product, 'User');
  return path.posix.join(p.env.XDG_CONFIG_HOME || path.posix.join(p.home, '.config'), product, 'User');
}

export function clineForkRoots(fork: ClineFork, p: PlatformInfo): string[] {
  const join = p.platform === 'win32' ? path.win32.join : path.posix.join;
  const home = p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home;
  const userDirs = [
    ...EDITOR_PRODUCTS.map((product) => editorUserDir(p, product)),
    // VS Code Server (Remote-SSH, WSL) and Codespaces keep the extension host's storage here.
    join(home, '.vscode-server', 'data', 'User'),
    join(home, '.vscode-remote', 'data', 'User'),
  ];
  const roots = userDirs.map((dir) => join(dir, 'globalStorage', fork.extensionId));
  // CLINE_DATA_DIR, else CLINE_DIR/data, else ~/.cline/data (Cline's sdk/packages/shared storage/paths.ts).
  if (fork.standalone) roots.push(p.env.CLINE_DATA_DIR || (p.env.CLINE_DIR ? join(p.env.CLINE_DIR, 'data') : join(home, '.cline', 'data')));
  return [...new Set(roots)];
}
