import { ExportError, type ExportSink } from './sink.js';

/**
 * A sink whose making needs async work first (a folder remote's passphrase from the keychain):
 * made on first use, made again after it failed (the user may have fixed the secret meanwhile).
 * A failure to make it is an ExportError (`auth` unless the maker said otherwise).
 */
export function lazySink(make: () => Promise<ExportSink>): ExportSink {
  let made: Promise<ExportSink> | undefined;
  const sink = (): Promise<ExportSink> => {
    made ??= make().catch((err: unknown) => {
      made = undefined;
      throw err instanceof ExportError ? err : new ExportError((err as Error).message, 'auth');
    });
    return made;
  };
  return {
    send: async (batch, signal) => (await sink()).send(batch, signal),
    check: async (signal) => (await sink()).check(signal),
  };
}
