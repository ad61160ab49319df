import path from 'node:path';
import { envPathList } from '../platform.js';
import type { PlatformInfo } from '../types.js';

/**
 * Claude Code's config dirs, in the order ccusage checks them: every CLAUDE_CONFIG_DIR entry
 * (which wins alone when set), else $XDG_CONFIG_HOME/claude and ~/.claude (%USERPROFILE%\.claude
 * on Windows). An entry naming a `projects` folder is turned into its config dir, so that every
 * root has the same relPath shape (`projects/<enc>/...`).
 */
export function claudeDefaultRoots(p: PlatformInfo): string[] {
  const paths = p.platform === 'win32' ? path.win32 : path.posix;
  const fromEnv = envPathList(p.env.CLAUDE_CONFIG_DIR).map((entry) => asConfigDir(paths, entry));
  if (fromEnv.length > 0) return unique(fromEnv);
  const home = p.platform === 'win32' ? p.env.USERPROFILE || p.home : p.home;
  const xdg = p.env.XDG_CONFIG_HOME || paths.join(home, '.config');
  const classic = paths.join(home, '.claude');
  // On Windows the classic folder is the documented one; elsewhere keep ccusage's order.
  const candidates = p.platform === 'win32' ? [classic, paths.join(xdg, 'claude')] : [paths.join(xdg, 'claude'), classic];
  return unique(candidates);
}

function asConfigDir(paths: path.PlatformPath, entry: string): string {
  const normalized = trimTrailingSeparators(paths, paths.normalize(entry));
  return paths.basename(normalized) === 'projects' ? paths.dirname(normalized) : normalized;
}

function trimTrailingSeparators(paths: path.PlatformPath, dir: string): string {
  let out = dir;
  while (out.length > 1 && (out.endsWith(paths.sep) || out.endsWith('/')) && paths.dirname(out) !== out) out = out.slice(0, -1);
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
