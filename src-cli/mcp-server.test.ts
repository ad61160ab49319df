import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsResult } from '../src-shared/contract/index.js';
import { CLI, runCli, startCli, type RunningCli } from '../src-worker/testing/cli-process.js';
import { generateCorpus } from '../src-worker/testing/corpus/generate.js';

/** A GitHub token as a user might paste it: the MCP server must never hand it to an agent. */
const PLANTED_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}xYz987`;

interface Turn {
  prompt: string;
  answer: string;
  /** A file the assistant's Edit tool changes in this turn. */
  edit?: string;
}

/** One Claude Code session file as the agent writes it: a user line, then an assistant line with usage per turn. */
function writeClaudeSession(root: string, id: string, cwd: string, day: string, turns: Turn[]): void {
  const lines: object[] = [];
  turns.forEach((t, i) => {
    const base = { sessionId: id, cwd, gitBranch: 'main', version: '2.1.0', isSidechain: false, userType: 'external' };
    const at = (s: number) => `${day}T10:${String(i).padStart(2, '0')}:${String(s).padStart(2, '0')}.000Z`;
    lines.push({ ...base, type: 'user', uuid: `${id}-u${i}`, parentUuid: i ? `${id}-a${i - 1}` : null, timestamp: at(0), message: { role: 'user', content: t.prompt } });
    const content: object[] = [{ type: 'text', text: t.answer }];
    if (t.edit) content.push({ type: 'tool_use', id: `${id}-tool${i}`, name: 'Edit', input: { file_path: t.edit, old_string: 'retry(1)', new_string: 'retry(3)' } });
    lines.push({
      ...base,
      type: 'assistant',
      uuid: `${id}-a${i}`,
      parentUuid: `${id}-u${i}`,
      timestamp: at(5),
      requestId: `${id}-req${i}`,
      message: { id: `${id}-msg${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content, usage: { input_tokens: 100 + i, output_tokens: 20 + i, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 } },
    });
    if (t.edit) {
      lines.push({ ...base, type: 'user', uuid: `${id}-r${i}`, parentUuid: `${id}-a${i}`, timestamp: at(6), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `${id}-tool${i}`, content: 'The file has been updated.' }] } });
    }
  });
  const folder = path.join(root, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'));
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${id}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

async function connect(env: Record<string, string>, args: string[] = [], cwd?: string): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...args], env: { ...(process.env as Record<string, string>), ...env }, cwd, stderr: 'pipe' });
  const client = new Client({ name: 'devlog-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  return { text, isError: Boolean(result.isError) };
}

describe('devlog mcp (the CLI as an MCP server on stdio, driven by the SDK client)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-mcp-'));
  const root = path.join(dir, 'claude');
  const api = path.join(dir, 'code', 'api');
  const web = path.join(dir, 'code', 'web');
  const env = { DEVLOG_HOME: path.join(dir, 'home'), TZ: 'UTC' };
  const clients: Client[] = [];
  const open = async (args: string[] = [], cwd?: string) => {
    const c = await connect(env, args, cwd);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    fs.mkdirSync(api, { recursive: true });
    fs.mkdirSync(web, { recursive: true });
    writeClaudeSession(root, 'sess-flaky', api, '2026-11-20', [
      { prompt: 'The flaky migration test fails on CI again', answer: 'The migration races the seed step; I will add a retry.', edit: path.join(api, 'db', 'migrate.ts') },
      { prompt: `Use my token ${PLANTED_TOKEN} to open the pull request`, answer: 'Pull request opened.' },
      { prompt: 'Turn three: run the suite', answer: 'All green.' },
      { prompt: 'Turn four: update the changelog', answer: 'Changelog updated.', edit: path.join(api, 'CHANGELOG.md') },
      { prompt: 'Turn five: thanks', answer: 'You are welcome.' },
    ]);
    writeClaudeSession(root, 'sess-limiter', web, '2026-11-21', [{ prompt: 'Add a rate limiter to the login route', answer: 'Added a token bucket.', edit: path.join(web, 'src', 'login.ts') }]);
    writeClaudeSession(root, 'sess-hidden', api, '2026-11-22', [{ prompt: 'Another flaky migration idea, private', answer: 'Noted.' }]);
    writeClaudeSession(root, 'sess-deleted', api, '2026-11-23', [{ prompt: 'A flaky migration note I deleted', answer: 'Gone.', edit: path.join(api, 'db', 'migrate.ts') }]);
    const collected = await runCli(['collect', '--root', `claude-code=${root}`], env);
    expect(collected.code, collected.stderr).toBe(0);
    // The user hid this one: it must never reach an agent.
    const hidden = await runCli(['session', 'hide', 'sess-hidden'], env);
    expect(hidden.code, hidden.stderr).toBe(0);
    // And deleted this one.
    const deleted = await runCli(['session', 'delete', 'sess-deleted', '--yes'], env);
    expect(deleted.code, deleted.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists its tools, each with a description and an input schema', async () => {
    const client = await open();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['read_session', 'search_sessions', 'sessions_touching_file', 'usage_stats']);
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(80);
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    }
  });

  it('finds a session by a phrase, with the match in bold, and never a hidden one', async () => {
    const client = await open();
    const found = await call(client, 'search_sessions', { text: 'flaky migration' });
    expect(found.isError).toBe(false);
    const answer = JSON.parse(found.text) as { sessions: Array<{ id: string; workspace: string; snippets: string[] }> };
    expect(answer.sessions.map((s) => s.id)).toEqual(['claude-code:sess-flaky']);
    expect(answer.sessions[0]!.workspace).toBe(api);
    expect(answer.sessions[0]!.snippets[0]).toContain('**flaky** **migration**');
    for (const id of ['claude-code:sess-hidden', 'claude-code:sess-deleted']) {
      expect(await call(client, 'read_session', { id })).toEqual({ isError: true, text: expect.stringContaining('no session with id') });
    }
    const listed = JSON.parse((await call(client, 'search_sessions', {})).text) as { sessions: Array<{ id: string }> };
    expect(listed.sessions.map((s) => s.id)).toEqual(['claude-code:sess-limiter', 'claude-code:sess-flaky']);
  });

  it('reads a session page by page, every turn exactly once, with the way to the next page', async () => {
    const client = await open();
    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await call(client, 'read_session', { id: 'sess-flaky', page, turnsPerPage: 2 });
      expect(r.isError).toBe(false);
      pages.push(r.text);
    }
    expect(pages[0]).toMatch(/^Page 1 of 3 \(turns 1-2 of 5\)\. Next: read_session with id "claude-code:sess-flaky" and page 2\./);
    expect(pages[2]).toMatch(/^Page 3 of 3 \(turns 5-5 of 5\)\.\n/);
    const prompts = ['The flaky migration test', 'to open the pull request', 'Turn three', 'Turn four', 'Turn five'];
    for (const p of prompts) expect(pages.filter((text) => text.includes(p)), p).toHaveLength(1);
    expect(pages[0]).toContain('Tool `Edit:');
    const past = await call(client, 'read_session', { id: 'sess-flaky', page: 9, turnsPerPage: 2 });
    expect(past.text).toMatch(/^Page 9 is past the end: the session has 3 page\(s\)\./);
  });

  it('names the sessions that edited a file, with what each did, by absolute or workspace-relative path', async () => {
    const client = await open();
    type Answer = { sessions: Array<{ id: string; files: Array<{ path: string; actions: string[]; toolCalls: number }> }> };
    const byPath = JSON.parse((await call(client, 'sessions_touching_file', { path: path.join(api, 'db', 'migrate.ts') })).text) as Answer;
    // The deleted session edited it too, and is not there.
    expect(byPath.sessions.map((s) => s.id)).toEqual(['claude-code:sess-flaky']);
    expect(byPath.sessions[0]!.files).toEqual([{ path: path.join(api, 'db', 'migrate.ts'), actions: ['edit'], toolCalls: 1, lastTime: expect.any(String) }]);
    const relative = JSON.parse((await call(client, 'sessions_touching_file', { path: 'src/login.ts' })).text) as Answer;
    expect(relative.sessions.map((s) => s.id)).toEqual(['claude-code:sess-limiter']);
    const folder = JSON.parse((await call(client, 'sessions_touching_file', { path: api })).text) as Answer;
    expect(folder.sessions[0]!.files.map((f) => path.relative(api, f.path)).sort()).toEqual(['CHANGELOG.md', path.join('db', 'migrate.ts')]);
    const none = JSON.parse((await call(client, 'sessions_touching_file', { path: 'README.md' })).text) as Answer;
    expect(none.sessions).toEqual([]);
  });

  it('redacts a planted secret everywhere, unless started with --no-redact', async () => {
    const client = await open();
    const read = await call(client, 'read_session', { id: 'sess-flaky', turnsPerPage: 5 });
    const search = await call(client, 'search_sessions', { text: 'pull request token' });
    for (const text of [read.text, search.text]) {
      expect(text).not.toContain(PLANTED_TOKEN);
      expect(text).toContain('[REDACTED:github-token]');
    }
    const raw = await open(['--no-redact']);
    expect((await call(raw, 'read_session', { id: 'sess-flaky', turnsPerPage: 5 })).text).toContain(PLANTED_TOKEN);
  });

  it('gives usage stats equal to `devlog stats --json` for the same filter', async () => {
    const client = await open();
    for (const by of ['day', 'model', 'workspace'] as const) {
      const mcp = JSON.parse((await call(client, 'usage_stats', { by, since: '2026-11-01' })).text) as StatsResult;
      const cli = await runCli(['stats', '--json', '--by', by, '--since', '2026-11-01'], env);
      expect(cli.code, cli.stderr).toBe(0);
      const reference = JSON.parse(cli.stdout) as StatsResult;
      expect(mcp.total).toEqual(reference.total);
      expect(mcp.groups).toEqual(reference.groups);
    }
    const days = JSON.parse((await call(client, 'usage_stats', { by: 'day' })).text) as StatsResult;
    // The hidden session's day is not counted.
    expect(days.groups.map((g) => g.key)).toEqual(['2026-11-20', '2026-11-21']);
  });

  it('limits itself to the workspace it was started in with --workspace-from-cwd, unless asked for all', async () => {
    const client = await open(['--workspace-from-cwd'], web);
    const mine = JSON.parse((await call(client, 'search_sessions', {})).text) as { scope: string; sessions: Array<{ id: string }> };
    expect(mine.sessions.map((s) => s.id)).toEqual(['claude-code:sess-limiter']);
    expect(mine.scope).toContain(web);
    const all = JSON.parse((await call(client, 'search_sessions', { allWorkspaces: true })).text) as { sessions: Array<{ id: string }> };
    expect(all.sessions).toHaveLength(2);
  });

  it('answers a bad argument or an unknown id with a readable tool error, and keeps serving', async () => {
    const client = await open();
    const bad = await call(client, 'search_sessions', { since: 'last blue moon' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/since/);
    const unknown = await call(client, 'read_session', { id: 'nope-nope' });
    expect(unknown.text).toMatch(/no session with id "nope-nope"/);
    expect((await call(client, 'search_sessions', { text: 'rate limiter' })).isError).toBe(false);
  });
});

describe('devlog mcp while devlog start ingests into the same store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-mcp-live-'));
  let engine: RunningCli | undefined;
  let client: Client | undefined;
  afterAll(async () => {
    await client?.close();
    await engine?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering, and sees the store grow', async () => {
    const corpus = generateCorpus({ dir: path.join(dir, 'corpus'), sizeMb: 20, projects: 6, codexShare: 0 });
    const env = { DEVLOG_HOME: path.join(dir, 'home') };
    engine = startCli(['start', '--port', '0', '--root', `claude-code=${corpus.claudeRoot}`], env);
    await engine.waitFor(/devlog is running/);
    client = await connect(env);
    let synced = false;
    void engine.waitFor(/history synced/, 180_000).then(
      () => (synced = true),
      () => (synced = true),
    );
    const seen: number[] = [];
    const errors: string[] = [];
    for (let round = 0; round < 400 && (!synced || round === 0); round++) {
      const r = await call(client, 'usage_stats', { by: 'agent' });
      // Before the first commit there is no store yet: that answer must be a readable error, nothing worse.
      if (r.isError) {
        if (!/no devlog store/.test(r.text)) errors.push(r.text);
        continue;
      }
      seen.push((JSON.parse(r.text) as StatsResult).total.messages);
      const s = await call(client, 'search_sessions', { text: 'cursor watcher', limit: 5 });
      if (s.isError) errors.push(s.text);
    }
    expect(errors).toEqual([]);
    const final = JSON.parse((await call(client, 'usage_stats', { by: 'agent' })).text) as StatsResult;
    seen.push(final.total.messages);
    expect(new Set(seen).size, 'the answers came while the store was being written').toBeGreaterThan(1);
    expect(Math.max(...seen)).toBe(final.total.messages);
  }, 240_000);
});
