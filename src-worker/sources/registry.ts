import type { AgentId } from '../../src-shared/domain.js';
import type { SourceAdapter } from './types.js';

/**
 * Every agent adapter. Adding an agent = adding its folder and one line here.
 * (Filled in as the adapters land.)
 */
export const SOURCE_ADAPTERS: readonly SourceAdapter[] = [];

export function adapterFor(agent: AgentId): SourceAdapter | undefined {
  return SOURCE_ADAPTERS.find((a) => a.agent === agent);
}
