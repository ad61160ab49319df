import os from 'node:os';
import picomatch from 'picomatch';

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
  const exact = picomatch(pattern, { dot: true, basename: true, nocase });
  const below = picomatch(`${pattern}/**`, { dot: true, nocase });
  return (workspace) => {
    const ws = slashes(workspace).replace(/\/+$/, '') || '/';
    return exact(ws) || below(ws);
  };
}
