/**
 * Cline and the forks that keep its task folders. Each fork is its own agent id, so the session
 * list, filters and stats tell them apart (a Roo Code task is not a Cline task to its user).
 * Extension ids are the folder names under the editors' globalStorage.
 */
import type { AgentId } from '../../../src-shared/domain.js';

export interface ClineFork {
  agent: Extract<AgentId, 'cline' | 'roo-code' | 'kilo-code' | 'zoo-code'>;
  displayName: string;
  extensionId: string;
  /** Whether the fork also has Cline's CLI/standalone folder (~/.cline/data, $CLINE_DIR/data, $CLINE_DATA_DIR). */
  standalone?: boolean;
}

export const CLINE_FORKS: readonly ClineFork[] = [
  {
    agent: 'cline',
    displayName: 'Cline',
    extensionId: 'saoudrizwan.claude-dev',
    // The CLI and JetBrains host keep the same tasks/ and state/ under ~/.cline/data ($CLINE_DIR/data).
    standalone: true,
  },
  { agent: 'roo-code', displayName: 'Roo Code', extensionId: 'rooveterinaryinc.roo-cline' },
  { agent: 'kilo-code', displayName: 'Kilo Code', extensionId: 'kilocode.kilo-code' },
  { agent: 'zoo-code', displayName: 'Zoo Code', extensionId: 'zoocodeorganization.zoo-code' },
];
