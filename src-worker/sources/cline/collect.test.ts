/**
 * Cline-family task folders collected by the real collector into a real SQLite store: what a user
 * sees (sessions with workspace, times, models, messages, tool calls with results, usage), a
 * second collection adding nothing, a fork shown as its own agent, and a file caught mid-save
 * retried instead of imported in part.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestCollectors } from '../../testing/test-collectors.js';
import { clineAdapter, rooCodeAdapter } from './index.js';
import { apiHistory, T0, TASK_ID, uiMessages, writeTask } from './test-files.js';

describe('Cline family collection (real files, real SQLite)', () => {
  const { tempHome, open } = useTestCollectors();

  function setup() {
    const home = tempHome();
    const clineRoot = path.join(home, '.config', 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev');
    const rooRoot = path.join(home, '.config', 'Cursor', 'User', 'globalStorage', 'rooveterinaryinc.roo-cline');
    const { engine, collector, again: make } = open([clineAdapter, rooCodeAdapter], {}, { devlogHome: path.join(home, 'devlog'), platform: { platform: 'linux', home, env: {} }, coalesceMs: 10 });
    const get = <T>(sql: string, ...args: unknown[]) => engine.db.prepare(sql).all(...args) as T[];
    return { engine, collector, make, clineRoot, rooRoot, get };
  }

  it('collects a task folder into one session with messages, tool calls, usage, model, workspace and times', async () => {
    const { collector, clineRoot, get } = setup();
    writeTask(clineRoot);
    const summary = await collector.collectOnce();
    expect(summary.problems).toBe(0);

    const [session] = get<Record<string, unknown>>('SELECT * FROM sessions');
    expect(session).toMatchObject({
      id: `cline:${TASK_ID}`,
      agent: 'cline',
      workspace: '/home/ada/snake',
      first_prompt: 'Add a pause key to the snake game',
      started_at: new Date(T0 - 60).toISOString(),
      ended_at: new Date(T0 + 30_000).toISOString(),
      models: JSON.stringify(['claude-sonnet-4-5-20250929']),
      input_tokens: 22,
      output_tokens: 200,
      cache_creation_tokens: 940,
      cache_read_tokens: 900,
    });
    expect(JSON.parse(String(session!.extra))).toMatchObject({ extensionVersion: '3.51.0', host: 'Visual Studio Code 1.108.1' });

    const messages = get<{ role: string; kind: string | null; text: string; time: string | null }>('SELECT role, kind, text, time FROM messages ORDER BY ordinal');
    expect(messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Add a pause key to the snake game'],
      ['assistant', 'I should read main.py first.'],
      ['assistant', 'Let me look at the game loop.'],
      ['assistant', 'I added a pause key on P.'],
    ]);
    // Times from the environment details Cline adds to each user turn.
    expect(messages[0]!.time).toBe('2026-01-22T03:48:00.000Z');
    expect(messages[3]!.time).toBe('2026-01-22T03:48:17.000Z');

    const calls = get<{ name: string; input: string; result: string | null }>('SELECT name, input, result, time, result_time FROM tool_calls ORDER BY time, name DESC');
    expect(calls).toEqual([
      { name: 'read_file', input: JSON.stringify({ path: 'main.py' }), result: 'while running:\n    tick()', time: '2026-01-22T03:48:00.000Z', result_time: '2026-01-22T03:48:17.000Z' },
      { name: 'attempt_completion', input: JSON.stringify({ result: 'Pause on P' }), result: null, time: '2026-01-22T03:48:17.000Z', result_time: null },
    ]);
    expect(get('SELECT model, input, output FROM usage ORDER BY time')).toEqual([
      { model: 'claude-sonnet-4-5-20250929', input: 10, output: 120 },
      { model: 'claude-sonnet-4-5-20250929', input: 12, output: 80 },
    ]);
  });

  it('a second collection adds nothing and takes no sequence numbers', async () => {
    const { collector, make, clineRoot, get } = setup();
    writeTask(clineRoot);
    await collector.collectOnce();
    const seq = () => get<{ value: string }>("SELECT value FROM meta WHERE key = 'next_seq'")[0]?.value;
    const before = { seq: seq(), rows: get('SELECT count(*) AS n FROM messages')[0] };
    // Same files, touched (new mtime, same content), read by a fresh collector as after a restart.
    for (const f of ['api_conversation_history.json', 'ui_messages.json']) fs.utimesSync(path.join(clineRoot, 'tasks', TASK_ID, f), new Date(), new Date());
    await make().collectOnce();
    expect(seq()).toBe(before.seq);
    expect(get('SELECT count(*) AS n FROM messages')[0]).toEqual(before.rows);
    expect(get('SELECT count(*) AS n FROM sessions')[0]).toEqual({ n: 1 });
  });

  it('shows a fork as its own agent', async () => {
    const { collector, rooRoot, clineRoot, get } = setup();
    writeTask(clineRoot);
    // Roo Code: no task list; each task folder has its list entry (history_item.json) with the workspace.
    const rooTask = writeTask(rooRoot, '1769000000000');
    fs.rmSync(path.join(rooRoot, 'state'), { recursive: true });
    fs.writeFileSync(path.join(rooTask, 'api_conversation_history.json'), JSON.stringify(apiHistory('')));
    fs.writeFileSync(path.join(rooTask, 'history_item.json'), JSON.stringify({ id: '1769000000000', ts: T0, task: 'Add a pause key', workspace: '/home/ada/roo-app' }));
    await collector.collectOnce();
    expect(get('SELECT agent, workspace FROM sessions ORDER BY agent')).toEqual([
      { agent: 'cline', workspace: '/home/ada/snake' },
      { agent: 'roo-code', workspace: '/home/ada/roo-app' },
    ]);
    const sources = collector.status().sources!.map((s) => ({ agent: s.agent, files: s.files, records: s.records }));
    expect(sources).toEqual([
      { agent: 'cline', files: 4, records: 4 },
      { agent: 'roo-code', files: 4, records: 4 },
    ]);
  });

  it('retries a file caught mid-save and imports it only once it is whole', async () => {
    const { collector, clineRoot, get } = setup();
    const dir = writeTask(clineRoot);
    const full = JSON.stringify(uiMessages());
    fs.writeFileSync(path.join(dir, 'ui_messages.json'), full.slice(0, Math.floor(full.length / 2)));
    const done = collector.collectOnce();
    // The extension finishes its save while devlog waits to retry.
    await new Promise((r) => setTimeout(r, 100));
    expect(get('SELECT count(*) AS n FROM usage')[0]).toEqual({ n: 0 });
    fs.writeFileSync(path.join(dir, 'ui_messages.json'), full);
    await done;
    expect(get('SELECT count(*) AS n FROM usage')[0]).toEqual({ n: 2 });
    expect(get('SELECT count(*) AS n FROM problems')[0]).toEqual({ n: 0 });
  });

  it('a file that stays cut off is reported, and nothing of it is imported', async () => {
    const { collector, clineRoot, get } = setup();
    const dir = writeTask(clineRoot);
    const full = JSON.stringify(uiMessages());
    fs.writeFileSync(path.join(dir, 'ui_messages.json'), full.slice(0, full.length - 40));
    await collector.collectOnce();
    expect(get('SELECT count(*) AS n FROM usage')[0]).toEqual({ n: 0 });
    const problems = get<{ path: string; reason: string }>('SELECT path, reason FROM problems');
    expect(problems).toEqual([{ path: path.join(dir, 'ui_messages.json'), reason: expect.stringMatching(/could not parse after retries/) }]);
  });
});
