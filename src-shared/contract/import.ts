import type { AgentId } from '../domain.js';

/** A file `devlog import` did not take, and why. */
export interface ImportSkip {
  path: string;
  reason: string;
}

export interface ImportResult {
  /** Files read (including ones already imported, which add nothing). */
  files: number;
  /** Per agent: how many files were taken as that agent's. */
  agents: Partial<Record<AgentId, number>>;
  /** What the store gained. Importing the same files again gives zeros. */
  sessionsAdded: number;
  messagesAdded: number;
  problems: number;
  skipped: ImportSkip[];
}

export type ImportMethods = {
  /** Collects copied agent files (a file or a folder) as if found in place, once; origin 'imported'. */
  'sources.import': { params: { path: string; agent?: AgentId }; result: ImportResult };
};
