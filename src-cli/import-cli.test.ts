/**
 * `devlog import` as a user runs it (real processes, real store): a copied Claude Code project
 * folder without an engine running, a Copilot "Export Chat" file through a running engine (which
 * owns the store); both searchable with `devlog query`, and importing again adds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useStartedEngines } from '../src-worker/testing/started-engines.js';

const SESSION = '7d1e2f3a-0000-4000-8000-000000000001';
const claudeFile = [
  { type: 'user', uuid: 'u1', parentUuid: null, sessionId: SESSION, cwd: '/Users/ada/app', version: '2.1.0', timestamp: '2025-06-01T10:00:00.000Z', message: { role: 'user', content: 'the zebrafrost migration fails' } },
  { type: 'assistant', uuid: 'a1', parentUuid: 'u1', sessionId: SESSION, cwd: '/Users/ada/app', version: '2.1.0', timestamp: '2025-06-01T10:00:05.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'The column already exists.' }], usage: { input_tokens: 10, output_tokens: 20 } } },
]
  .map((l) => JSON.stringify(l))
  .join('\n');
const exportedChat = {
  requesterUsername: 'ada',
  responderUsername: 'GitHub Copilot',
  initialLocation: 'panel',
  requests: [{ requestId: 'request_77', timestamp: 1_760_000_000_000, message: { text: 'what is a lanternmoth cache?', parts: [] }, response: [{ value: 'A write-through cache.' }] }],
};

describe('devlog import (real processes)', () => {
  const { tempHome, start } = useStartedEngines('devlog-import-');

  function setup() {
    const work = tempHome();
    const env = { DEVLOG_HOME: path.join(work, 'devlog'), HOME: work, XDG_CONFIG_HOME: '' };
    const query = async (text: string) => {
      const out = await runCli(['query', '--search', text, '--json'], env);
      return (JSON.parse(out.stdout) as { sessions: { agent: string }[] }).sessions.map((s) => s.agent);
    };
    return { work, env, query };
  }

  it('imports a copied Claude Code project folder without an engine; again adds nothing', async () => {
    const { work, env, query } = setup();
    const project = path.join(work, 'old-laptop', '-Users-ada-app');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, `${SESSION}.jsonl`), claudeFile + '\n');

    const first = await runCli(['import', project], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('imported 1 files (claude-code 1): 1 new sessions, 2 new messages\n');
    expect(await query('zebrafrost')).toEqual(['claude-code']);
    const again = await runCli(['import', project], env);
    expect(again.stdout).toBe('imported 1 files (claude-code 1): 0 new sessions, 0 new messages\n');

    const bad = await runCli(['import', path.join(work, 'missing')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${path.join(work, 'missing')}: no such file or folder`);
  });

  it('imports a Copilot Export Chat file through the running engine', async () => {
    const { work, env, query } = setup();
    await start([], env);
    const file = path.join(work, 'chat.json');
    fs.writeFileSync(file, JSON.stringify(exportedChat));
    // The engine owns the store: this works only through its RPC.
    const first = await runCli(['import', file, '--json'], env);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ files: 1, agents: { 'copilot-chat': 1 }, sessionsAdded: 1, messagesAdded: 2, skipped: [] });
    expect(await query('lanternmoth')).toEqual(['copilot-chat']);
    const again = await runCli(['import', file, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ sessionsAdded: 0, messagesAdded: 0 });
  });
});
