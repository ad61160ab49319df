import type { AgentId } from '../../src-shared/domain.js';
import { claudeCodeAdapter } from './claude-code/index.js';
import { CLINE_FAMILY_ADAPTERS } from './cline/index.js';
import { continueAdapter } from './continue/index.js';
import { codexAdapter } from './codex/index.js';
import { copilotChatAdapter } from './copilot-chat/index.js';
import { cursorAdapter } from './cursor/index.js';
import { geminiAdapter } from './gemini/index.js';
import { aiderAdapter } from './aider/index.js';
import { opencodeAdapter } from './opencode/index.js';
import type { SourceAdapter } from './types.js';

/** Every agent adapter. Adding an agent = adding its folder and one line here. */
export const SOURCE_ADAPTERS: readonly SourceAdapter[] = [claudeCodeAdapter, codexAdapter, copilotChatAdapter, cursorAdapter, geminiAdapter, ...CLINE_FAMILY_ADAPTERS, continueAdapter, aiderAdapter, opencodeAdapter];

export function adapterFor(agent: AgentId): SourceAdapter | undefined {
  return SOURCE_ADAPTERS.find((a) => a.agent === agent);
}
