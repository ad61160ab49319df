/**
 * Cline's SDK session files (~/.cline/data/sessions/<id>/), laid out where the CLI writes them
 * and collected by the real collector into a real store: the manifest's workspace, title, model
 * and times, the messages with their tool calls and per-response usage, a subagent under its
 * root session; a second collection adds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestCollectors } from '../../testing/test-collectors.js';
import { clineAdapter } from './index.js';

const ID = '1769900000000_ab12c';
const T = Date.UTC(2026, 4, 2, 8, 0, 0);
const manifest = {
  version: 1, session_id: ID, source: 'cli', pid: 4242, started_at: new Date(T).toISOString(), ended_at: new Date(T + 60_000).toISOString(),
  status: 'completed', interactive: true, provider: 'anthropic', model: 'claude-sonnet-4-6', cwd: '/home/ada/api', workspace_root: '/home/ada/api',
  enable_tools: true, enable_spawn: false, enable_teams: false, prompt: 'add rate limiting', metadata: { title: 'Add rate limiting' },
};
const messages = {
  version: 1, updated_at: new Date(T + 60_000).toISOString(), agent: 'lead', sessionId: ID,
  messages: [
    { id: 'm1', role: 'user', content: [{ type: 'text', text: 'add rate limiting to the ingest route' }], ts: T + 1000 },
    {
      id: 'm2', role: 'assistant', ts: T + 5000, modelInfo: { id: 'claude-sonnet-4-6', provider: 'anthropic' },
      metrics: { inputTokens: 1200, outputTokens: 80, cacheReadTokens: 3000, cacheWriteTokens: 400, cost: 0.01 },
      content: [{ type: 'text', text: 'Looking at the route.' }, { type: 'tool_use', id: 'call_1', name: 'read_files', input: { paths: ['src/ingest.ts'] } }],
    },
    { id: 'm3', role: 'user', ts: T + 6000, content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'export function ingest() {}' }] },
    { id: 'm4', role: 'assistant', ts: T + 9000, modelInfo: { id: 'claude-sonnet-4-6', provider: 'anthropic' }, metrics: { inputTokens: 1500, outputTokens: 200 }, content: [{ type: 'text', text: 'Added a token bucket.' }] },
  ],
};

describe('Cline SDK sessions (real files, real SQLite)', () => {
  const { tempHome, open } = useTestCollectors();

  it('collects manifest and messages into one session; a subagent sits under its root; again adds nothing', async () => {
    const home = tempHome();
    const sessions = path.join(home, '.cline', 'data', 'sessions');
    const write = (id: string, name: string, value: unknown) => {
      fs.mkdirSync(path.join(sessions, id), { recursive: true });
      fs.writeFileSync(path.join(sessions, id, name), JSON.stringify(value, null, 2) + '\n');
    };
    write(ID, `${ID}.json`, manifest);
    write(ID, `${ID}.messages.json`, messages);
    const sub = `${ID}__sub_1`;
    write(sub, `${sub}.messages.json`, { version: 1, updated_at: manifest.ended_at, agent: 'subagent', sessionId: ID, messages: [{ role: 'user', content: 'find the ingest route', ts: T + 2000 }] });

    const { engine, collector, again } = open([clineAdapter], {}, { devlogHome: path.join(home, 'devlog'), platform: { platform: 'linux', home, env: {} } });
    expect((await collector.collectOnce()).problems).toBe(0);
    const get = (sql: string) => engine.db.prepare(sql).all();

    expect(get(`SELECT native_id, parent_session_id, workspace, agent_title, started_at, ended_at, models, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens FROM sessions ORDER BY native_id`)).toEqual([
      {
        native_id: ID, parent_session_id: null, workspace: '/home/ada/api', agent_title: 'Add rate limiting', started_at: new Date(T).toISOString(), ended_at: new Date(T + 60_000).toISOString(),
        models: JSON.stringify(['claude-sonnet-4-6']), input_tokens: 2700, output_tokens: 280, cache_read_tokens: 3000, cache_creation_tokens: 400,
      },
      {
        native_id: sub, parent_session_id: `cline:${ID}`, workspace: null, agent_title: null, started_at: new Date(T + 2000).toISOString(), ended_at: new Date(T + 2000).toISOString(),
        models: '[]', input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0,
      },
    ]);
    expect(get(`SELECT role, text, time FROM messages WHERE session_id = 'cline:${ID}' ORDER BY ordinal`)).toEqual([
      { role: 'user', text: 'add rate limiting to the ingest route', time: new Date(T + 1000).toISOString() },
      { role: 'assistant', text: 'Looking at the route.', time: new Date(T + 5000).toISOString() },
      { role: 'assistant', text: 'Added a token bucket.', time: new Date(T + 9000).toISOString() },
    ]);
    expect(get('SELECT name, result, result_time FROM tool_calls')).toEqual([{ name: 'read_files', result: 'export function ingest() {}', result_time: new Date(T + 6000).toISOString() }]);

    const seq = get("SELECT value FROM meta WHERE key = 'next_seq'");
    await again().collectOnce();
    expect(get("SELECT value FROM meta WHERE key = 'next_seq'")).toEqual(seq);
  });
});
