import type { ResumeCommand } from '../../src-shared/contract/index.js';
import type { AgentId } from '../../src-shared/domain.js';

/** A word for a POSIX shell: ids are UUIDs in practice, anything else is single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function productOf(extra: string | null): string | undefined {
  if (!extra) return undefined;
  try {
    const value = JSON.parse(extra) as { product?: unknown };
    return typeof value.product === 'string' ? value.product : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The command that continues a session in its own agent, run in its workspace (Claude Code and
 * Gemini CLI keep sessions per project folder, Codex starts from the folder it runs in):
 * `claude --resume ID`, `codex resume ID`, `gemini --resume ID`, `copilot --resume ID` (the
 * Copilot CLI). Copilot Chat in VS Code and Cursor's editor chats have no such command:
 * undefined.
 */
export function resumeCommandFor(session: { agent: AgentId; nativeId: string; workspace: string | null; extra: string | null }): ResumeCommand | undefined {
  const id = shellWord(session.nativeId);
  const command = (() => {
    switch (session.agent) {
      case 'claude-code':
        return `claude --resume ${id}`;
      case 'codex':
        return `codex resume ${id}`;
      case 'gemini':
        return `gemini --resume ${id}`;
      case 'copilot-chat':
        return productOf(session.extra) === 'copilot-cli' ? `copilot --resume ${id}` : undefined;
      default:
        return undefined;
    }
  })();
  return command ? { command, cwd: session.workspace } : undefined;
}
