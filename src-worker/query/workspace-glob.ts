import os from 'node:os';
import { compileGlob } from './glob-automaton.js';

/** Paths compared with '/' separators, so one glob works for Windows workspaces too. */
function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

/**
 * A matcher for the --workspace glob: `~` is the home folder; a folder also matches everything
 * below it (`~/code/app` finds sessions started in `~/code/app/web`); a pattern without a slash
 * matches the folder name alone (`--workspace devlog`, `--workspace 'api-*'`).
 */
export function workspaceMatcher(glob: string, home: string = os.homedir()): (workspace: string) => boolean {
  let pattern = slashes(glob.trim());
  if (pattern === '~' || pattern.startsWith('~/')) pattern = slashes(home) + pattern.slice(1);
  pattern = pattern.replace(/\/+$/, '') || '/';
  const nocase = process.platform === 'win32' || process.platform === 'darwin';
  // Linear-time matching: the glob comes from the user (CLI or UI) and must not be able to
  // freeze the engine (see glob-automaton.ts).
  const exact = compileGlob(pattern, { nocase });
  const below = compileGlob(pattern.endsWith('/') ? `${pattern}**` : `${pattern}/**`, { nocase });
  const byName = !pattern.includes('/');
  return (workspace) => {
    const ws = slashes(workspace).replace(/\/+$/, '') || '/';
    const name = ws.slice(ws.lastIndexOf('/') + 1);
    return exact.matches(byName ? name : ws) || below.matches(ws);
  };
}
