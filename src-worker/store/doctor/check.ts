/** One thing `devlog doctor` checks, and what it found: counts and examples, never just "bad". */
export interface DoctorCheck {
  id: 'integrity' | 'messages-index' | 'tool-calls-index' | 'orphans' | 'counters' | 'parser-versions' | 'format-drift';
  title: string;
  ok: boolean;
  /** How many problems (rows, entries, files) were found. */
  found: number;
  /** One line: what is wrong, or 'ok'. */
  summary: string;
  /** A few concrete cases (ids, paths, messages), so the user can look. */
  examples: string[];
  /** Set when the check could not run fully here, and why. */
  limited?: string;
}

export const MAX_EXAMPLES = 5;

export function check(id: DoctorCheck['id'], title: string, found: number, problem: string, examples: string[], limited?: string): DoctorCheck {
  return { id, title, ok: found === 0, found, summary: found === 0 ? 'ok' : problem, examples: examples.slice(0, MAX_EXAMPLES), ...(limited ? { limited } : {}) };
}
