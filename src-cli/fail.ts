import { DevlogError, ErrorCodes } from '../src-shared/errors.js';

/** Exit codes: 1 for a failure of the operation, 2 for bad input from the user. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Prints one line saying why, and exits. Every command ends here on error. */
export function failAndExit(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`devlog: ${message}\n`);
  const usage = err instanceof DevlogError && (err.code === ErrorCodes.BadRequest || err.code === ErrorCodes.NotFound);
  process.exit(usage ? EXIT_USAGE : EXIT_FAILURE);
}
