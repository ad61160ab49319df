import type { EngineState, PullStatus, RemoteStatus, ReparseStatus, ScanProgress, SourceStatus } from '../src-shared/contract/index.js';
import type { Disposable } from '../src-shared/lifecycle.js';

/** A service's own part of the engine status; the engine composes all parts into one object. */
export interface ServiceStatus {
  /** What this service is doing; the engine shows the most significant state of all services. */
  state?: EngineState;
  /** Progress of long work (the collector's history scan). */
  progress?: ScanProgress;
  /** Agent sources (the collector). */
  sources?: SourceStatus[];
  /** Re-derivation from stored records (the reparse service). */
  reparse?: ReparseStatus;
  /** Export state per remote (the exporter). */
  remotes?: RemoteStatus[];
  /** Pull state per remote with pull on (the puller). */
  pulls?: PullStatus[];
}

/**
 * A long-running part of the engine (the collector now; exporters and the puller next). Each
 * registers with the engine, contributes its part of the status, and is paused, resumed and
 * disposed with it.
 */
export interface EngineService extends Disposable {
  readonly name: string;
  status(): ServiceStatus;
  pause?(): void;
  resume?(): void;
}

/** Most significant first: one service in error makes the engine show an error. */
const STATE_WEIGHT: Record<EngineState, number> = { error: 6, stopping: 5, starting: 4, scanning: 3, paused: 2, live: 1 };

export function mostSignificantState(states: readonly (EngineState | undefined)[]): EngineState | undefined {
  let best: EngineState | undefined;
  for (const s of states) if (s && (!best || STATE_WEIGHT[s] > STATE_WEIGHT[best])) best = s;
  return best;
}
