import fs from 'node:fs';
import type { Disposable } from '../../src-shared/lifecycle.js';
import type { Engine } from '../engine.js';

/** A stat a second is nothing, and a hand edit shows up before the user switches windows. */
const CONFIG_POLL_MS = 1000;

/**
 * Picks up config.json edited by hand (or by `devlog remote` without an engine): stat polling,
 * because editors and write-file-atomic replace the file, which native watchers lose track of.
 */
export function watchConfigFile(engine: Engine, intervalMs = CONFIG_POLL_MS): Disposable {
  const file = engine.paths.config;
  const onChange = (now: fs.Stats, before: fs.Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
    engine.reloadConfig();
  };
  fs.watchFile(file, { interval: intervalMs, persistent: false }, onChange);
  return { dispose: () => fs.unwatchFile(file, onChange) };
}
