/**
 * Small agent sessions written by the tests into the test's own HOME, in each agent's real
 * layout, so `devlog start` collects them from its default roots like a user's.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ClaudeTurns {
  sessionId: string;
  /** The project folder the session ran in (its workspace). */
  cwd: string;
  prompt: string;
  /** The assistant's reply: text, then a Bash call (or an Edit of `editFile`) with its result, then a closing text. */
  reply?: { text: string; command: string; output: string; closing: string; editFile?: string };
  model?: string;
  time?: Date;
}

/** ~/.claude/projects/<cwd with dashes>/<session>.jsonl, as Claude Code names it. */
export function claudeSessionFile(userHome: string, cwd: string, sessionId: string): string {
  return path.join(userHome, '.claude', 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'), `${sessionId}.jsonl`);
}

export function claudeLines(t: ClaudeTurns): string[] {
  const at = (offsetSec: number) => new Date((t.time ?? new Date()).getTime() + offsetSec * 1000).toISOString();
  const base = { sessionId: t.sessionId, cwd: t.cwd, version: '2.1.0', gitBranch: 'main', userType: 'external', isSidechain: false };
  const lines: object[] = [{ ...base, type: 'user', uuid: `${t.sessionId}-u1`, parentUuid: null, timestamp: at(0), message: { role: 'user', content: t.prompt } }];
  if (t.reply) {
    const model = t.model ?? 'claude-sonnet-4-5-20250929';
    const usage = { input_tokens: 1200, output_tokens: 340, cache_read_input_tokens: 5000, cache_creation_input_tokens: 800 };
    lines.push(
      {
        ...base,
        type: 'assistant',
        uuid: `${t.sessionId}-a1`,
        parentUuid: `${t.sessionId}-u1`,
        timestamp: at(2),
        requestId: `${t.sessionId}-req1`,
        message: { id: `${t.sessionId}-msg1`, role: 'assistant', model, content: [{ type: 'text', text: t.reply.text }, t.reply.editFile
              ? { type: 'tool_use', id: `${t.sessionId}-tool1`, name: 'Edit', input: { file_path: t.reply.editFile, old_string: 'a', new_string: 'b' } }
              : { type: 'tool_use', id: `${t.sessionId}-tool1`, name: 'Bash', input: { command: t.reply.command } }], usage },
      },
      {
        ...base,
        type: 'user',
        uuid: `${t.sessionId}-u2`,
        parentUuid: `${t.sessionId}-a1`,
        timestamp: at(3),
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `${t.sessionId}-tool1`, content: t.reply.output }] },
      },
      {
        ...base,
        type: 'assistant',
        uuid: `${t.sessionId}-a2`,
        parentUuid: `${t.sessionId}-u2`,
        timestamp: at(5),
        requestId: `${t.sessionId}-req2`,
        message: { id: `${t.sessionId}-msg2`, role: 'assistant', model, content: [{ type: 'text', text: t.reply.closing }], usage: { ...usage, output_tokens: 120 } },
      },
    );
  }
  return lines.map((l) => JSON.stringify(l));
}

export function writeClaudeSession(userHome: string, t: ClaudeTurns): string {
  const file = claudeSessionFile(userHome, t.cwd, t.sessionId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, claudeLines(t).join('\n') + '\n');
  return file;
}

/** One more user turn, appended the way Claude Code appends (a whole line). */
export function appendClaudeUserTurn(file: string, t: { sessionId: string; cwd: string; uuid: string; text: string }): void {
  const line = { sessionId: t.sessionId, cwd: t.cwd, type: 'user', uuid: t.uuid, parentUuid: null, isSidechain: false, userType: 'external', timestamp: new Date().toISOString(), message: { role: 'user', content: t.text } };
  fs.appendFileSync(file, JSON.stringify(line) + '\n');
}

/** ~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl with one user prompt. */
export function writeCodexSession(userHome: string, t: { id: string; cwd: string; prompt: string; time?: Date }): string {
  const time = t.time ?? new Date();
  const iso = time.toISOString();
  const [y, m, d] = iso.slice(0, 10).split('-');
  const file = path.join(userHome, '.codex', 'sessions', y!, m!, d!, `rollout-${iso.slice(0, 19).replace(/:/g, '-')}-${t.id}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = [
    { timestamp: iso, type: 'session_meta', payload: { id: t.id, timestamp: iso, cwd: t.cwd, originator: 'codex_cli_rs', cli_version: '0.50.0', source: 'cli' } },
    { timestamp: iso, type: 'turn_context', payload: { cwd: t.cwd, model: 'gpt-5-codex' } },
    { timestamp: iso, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: t.prompt }] } },
  ];
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}
