import os from 'node:os';
import path from 'node:path';

/**
 * `~` and `~/x` (also `~\x` on Windows) name the user's home folder, as in a shell. Needed
 * because shells do not expand `~` in `--root claude-code=~/x` nor anywhere in config.json.
 * `~other/x` is left as written.
 */
export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p;
}
