/**
 * Continue sessions laid out where Continue writes them (~/.continue/sessions), collected by the
 * real collector into a real store; roots on each OS; the shared real CLI session parses whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import { useTestCollectors } from '../../testing/test-collectors.js';
import { RetryLaterError, type WholeFileHandler } from '../types.js';
import { continueAdapter } from './index.js';

const SESSION_ID = '2dbfd673-096d-4773-b5f3-9023894a7355';
const session = {
  sessionId: SESSION_ID,
  title: 'Rename the config loader',
  workspaceDirectory: 'file:///home/ada/my%20app',
  history: [
    { message: { role: 'user', content: 'Rename loadConfig to readConfig' }, contextItems: [] },
    {
      message: { role: 'assistant', content: 'Reading it first.', toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"filepath":"src/config.ts"}' } }] },
      contextItems: [],
      toolCallStates: [{ toolCallId: 'call_1', status: 'done', parsedArgs: { filepath: 'src/config.ts' }, output: [{ name: 'Tool Result', content: 'export function loadConfig() {}' }] }],
      promptLogs: [{ modelTitle: 'Claude Sonnet', completionOptions: { model: 'claude-sonnet-4-5' }, prompt: '…', completion: '…' }],
    },
    { message: { role: 'assistant', content: [{ type: 'text', text: 'Renamed in 3 places.' }] }, contextItems: [], futureField: 1 },
  ],
  usage: { totalCost: 0.01, promptTokens: 1800, completionTokens: 300, promptTokensDetails: { cachedTokens: 4000, cacheWriteTokens: 2000 } },
};
const index = [{ sessionId: SESSION_ID, title: 'Rename the config loader', dateCreated: String(Date.UTC(2026, 2, 1, 9, 30)), workspaceDirectory: 'file:///home/ada/my%20app' }];

describe('Continue', () => {
  const { tempHome, open } = useTestCollectors();

  it('looks in ~/.continue, %USERPROFILE%\\.continue, or CONTINUE_GLOBAL_DIR', () => {
    expect(continueAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: {} })).toEqual(['/home/u/.continue']);
    expect(continueAdapter.defaultRoots({ platform: 'darwin', home: '/Users/u', env: {} })).toEqual(['/Users/u/.continue']);
    expect(continueAdapter.defaultRoots({ platform: 'win32', home: 'C:\\Users\\u', env: { USERPROFILE: 'D:\\Profiles\\u' } })).toEqual(['D:\\Profiles\\u\\.continue']);
    expect(continueAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: { CONTINUE_GLOBAL_DIR: '/srv/continue' } })).toEqual(['/srv/continue']);
    expect(continueAdapter.handlerFor('sessions/x.json')).toBeDefined();
    expect(continueAdapter.handlerFor('sessions/sessions.json')).toBeDefined();
    expect(continueAdapter.handlerFor('config.json')).toBeUndefined();
  });

  it('collects a session with its index: messages, tool calls, usage, model, workspace, time; again adds nothing', async () => {
    const home = tempHome();
    const root = path.join(home, '.continue');
    fs.mkdirSync(path.join(root, 'sessions'), { recursive: true });
    fs.writeFileSync(path.join(root, 'sessions', `${SESSION_ID}.json`), JSON.stringify(session, null, 2));
    fs.writeFileSync(path.join(root, 'sessions', 'sessions.json'), JSON.stringify(index));
    const { engine, collector, again } = open([continueAdapter], {}, { devlogHome: path.join(home, 'devlog'), platform: { platform: 'linux', home, env: {} } });
    const summary = await collector.collectOnce();
    expect(summary.problems).toBe(0);
    const get = (sql: string) => engine.db.prepare(sql).all();
    expect(get('SELECT agent, workspace, agent_title, started_at, models, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens FROM sessions')).toEqual([
      {
        agent: 'continue',
        workspace: '/home/ada/my app',
        agent_title: 'Rename the config loader',
        started_at: '2026-03-01T09:30:00.000Z',
        models: JSON.stringify(['claude-sonnet-4-5']),
        input_tokens: 1800,
        output_tokens: 300,
        cache_read_tokens: 4000,
        cache_creation_tokens: 2000,
      },
    ]);
    expect(get('SELECT role, text, model FROM messages ORDER BY ordinal')).toEqual([
      { role: 'user', text: 'Rename loadConfig to readConfig', model: null },
      { role: 'assistant', text: 'Reading it first.', model: 'claude-sonnet-4-5' },
      { role: 'assistant', text: 'Renamed in 3 places.', model: null },
    ]);
    expect(get('SELECT name, input, result FROM tool_calls')).toEqual([{ name: 'read_file', input: '{"filepath":"src/config.ts"}', result: 'export function loadConfig() {}' }]);

    const seq = get("SELECT value FROM meta WHERE key = 'next_seq'");
    await again().collectOnce();
    expect(get("SELECT value FROM meta WHERE key = 'next_seq'")).toEqual(seq);
    expect(get('SELECT count(*) AS n FROM messages')).toEqual([{ n: 3 }]);
  });

  it('waits for a session file or index cut off mid-save instead of reading part of it', () => {
    const ctx = (relPath: string) => ({ agent: 'continue' as const, path: `/c/${relPath}`, relPath, root: '/c' });
    const text = JSON.stringify(session);
    expect(() => (continueAdapter.handlerFor('sessions/a.json') as WholeFileHandler).parseFile(text.slice(0, 200), ctx('sessions/a.json'), {})).toThrow(RetryLaterError);
    expect(() => (continueAdapter.handlerFor('sessions/sessions.json') as WholeFileHandler).parseFile('[{"sessionId":"x","ti', ctx('sessions/sessions.json'), {})).toThrow(RetryLaterError);
    // Broken in the middle is not mid-save: a problem, the whole text kept raw.
    const broken = (continueAdapter.handlerFor('sessions/a.json') as WholeFileHandler).parseFile('{"sessionId": x}', ctx('sessions/a.json'), {});
    expect(broken.problems[0]!.reason).toMatch(/^invalid JSON/);
    expect(broken.raw).toEqual([{ text: '{"sessionId": x}' }]);
  });

  const available = sharedFixturesAvailable();
  it.skipIf(!available)('parses the shared real Continue CLI session whole', () => {
    const file = path.join(SHARED_FIXTURES, 'continue', 'gitai-continue-cli-session.json');
    const text = fs.readFileSync(file, 'utf8');
    const json = JSON.parse(text) as { history: { message: { role: string; toolCalls?: unknown[] } }[]; usage: { promptTokens: number } };
    const relPath = 'sessions/gitai-continue-cli-session.json';
    const batch = (continueAdapter.handlerFor(relPath) as WholeFileHandler).parseFile(text, { agent: 'continue', path: file, relPath, root: '/' }, {});
    expect(batch.problems).toEqual([]);
    expect(batch.raw).toHaveLength(1 + json.history.length);
    expect(batch.messages).toHaveLength(json.history.length);
    const calls = json.history.flatMap((h) => h.message.toolCalls ?? []);
    expect(batch.toolCalls).toHaveLength(calls.length);
    expect(batch.toolCalls.every((c) => c.name && c.result)).toBe(true);
    expect(batch.sessions[0]).toMatchObject({ workspace: expect.stringMatching(/^\//), title: expect.any(String) });
    expect(batch.usage[0]!.input).toBe(json.usage.promptTokens);
  });
});
