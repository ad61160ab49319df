import fs from 'node:fs';
import type { Disposable } from '../../src-shared/lifecycle.js';
import type { Engine } from '../engine.js';

/** A stat a second is nothing, and a hand edit shows up before the user switches windows. */
const CONFIG_POLL_MS = 1000;

/** What tells one version of the file from the next (a replaced file has a new inode). */
function fingerprint(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Picks up config.json edited by hand (or by `devlog remote` without an engine): stat polling,
 * because editors and write-file-atomic replace the file, which native watchers lose track of.
 * The first fingerprint is taken now, so an edit right after start is not mistaken for the baseline.
 */
export function watchConfigFile(engine: Engine, intervalMs = CONFIG_POLL_MS): Disposable {
  const file = engine.paths.config;
  let last = fingerprint(file);
  const timer = setInterval(() => {
    const now = fingerprint(file);
    if (now === last) return;
    last = now;
    engine.reloadConfig();
  }, intervalMs);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
