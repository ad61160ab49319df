import type { WireError } from '../../../src-shared/errors.js';
import type { QueryMethodName } from '../query-methods.js';

/** The contract between the engine thread and its query thread. */
export type ToQueryThread = { id: number; method: QueryMethodName; params: unknown };
export type FromQueryThread = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

export interface QueryThreadData {
  dbPath: string;
  /** The user's price overrides from config.json (the `prices` field). */
  prices: Record<string, unknown> | undefined;
}
