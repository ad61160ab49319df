import { DevlogError, ErrorCodes } from '../src-shared/errors.js';
import { Engine } from '../src-worker/engine.js';
import { resolveDevlogHome } from '../src-worker/paths.js';

/**
 * Opens the store as its single writer for a maintenance command (`reparse`, `doctor --fix`).
 * A running engine holds the writer lock: then the command says so in one line instead.
 */
export function openStoreOwner(command: string): Engine {
  try {
    return Engine.open({ home: resolveDevlogHome() });
  } catch (err) {
    if (err instanceof DevlogError && err.code === ErrorCodes.Busy) {
      throw new DevlogError(ErrorCodes.Busy, `${command}: the devlog engine is running on this data folder and owns the store; stop it (\`devlog start\`, the app) and run \`devlog ${command}\` again`);
    }
    throw err;
  }
}
