import { describe, expect, it } from 'vitest';
import type { ParserState } from '../types.js';
import { parseRolloutLines, threadIdFromPath } from './rollout-parser.js';
import { assistantMessage, codexFile, jsonl, rawLinesOf, rollout, sessionMeta, THREAD, tokenCount, userMessage } from './test-lines.js';

const FILE = codexFile('sessions/2026/03/01/rollout-2026-03-01T10-00-00-0199ffff-0000-7000-8000-000000000000.jsonl');

describe('Codex rollout lines', () => {
  it('carries thread id, workspace and model across calls when a resumed session appends', () => {
    const first = jsonl(sessionMeta(), rollout('turn_context', { cwd: '/home/u/project', model: 'gpt-5' }), userMessage('fix the bug'), assistantMessage('Done.'));
    const second = jsonl(rollout('turn_context', { cwd: '/home/u/project', model: 'gpt-5.1-codex' }), userMessage('now add a test'), assistantMessage('Added.'));
    const state: ParserState = {};
    const a = parseRolloutLines(rawLinesOf(first), FILE, state);
    // The cursor stores the state as JSON between calls (and across devlog restarts).
    const restored = JSON.parse(JSON.stringify(state)) as ParserState;
    const b = parseRolloutLines(rawLinesOf(second, Buffer.byteLength(first), 5), FILE, restored);

    expect(a.messages.map((m) => m.id)).toEqual([`${THREAD}:${rawLinesOf(first)[2]!.offset}`, `${THREAD}:${rawLinesOf(first)[3]!.offset}`]);
    const appended = rawLinesOf(second, Buffer.byteLength(first), 5);
    expect(b.messages.map((m) => m.id)).toEqual([`${THREAD}:${appended[1]!.offset}`, `${THREAD}:${appended[2]!.offset}`]);
    expect(b.messages.map((m) => m.line)).toEqual([6, 7]);
    expect(a.messages[1]!.model).toBe('gpt-5');
    expect(b.messages[1]!.model).toBe('gpt-5.1-codex');
    expect(b.sessions).toEqual([
      expect.objectContaining({
        nativeId: THREAD,
        workspace: '/home/u/project',
        gitBranch: 'feature/x',
        startedAt: '2026-03-01T09:59:59.000Z',
        models: ['gpt-5.1-codex'],
        extra: { originator: 'codex_cli_rs', cli_version: '0.50.0', source: 'cli' },
      }),
    ]);
  });

  it('keeps one copy of the prompt: the response_item, not event_msg/user_message', () => {
    const text = jsonl(
      sessionMeta(),
      rollout('event_msg', { type: 'user_message', message: 'List the files', images: [] }),
      userMessage('List the files'),
      rollout('event_msg', { type: 'agent_message', message: 'a.txt' }),
      assistantMessage('a.txt'),
    );
    const batch = parseRolloutLines(rawLinesOf(text), FILE, {});
    expect(batch.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'List the files'],
      ['assistant', 'a.txt'],
    ]);
    expect(batch.raw).toHaveLength(5);
  });

  it('marks injected context as meta and developer text as system', () => {
    const text = jsonl(
      sessionMeta(),
      rollout('response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>...' }] }),
      userMessage('<environment_context>\n  <cwd>/home/u/project</cwd>\n</environment_context>'),
      userMessage('# AGENTS.md instructions for /home/u/project\n\n<INSTRUCTIONS>\nbe nice\n</INSTRUCTIONS>'),
      userMessage('<user_instructions>\nuse tabs\n</user_instructions>'),
      userMessage('What does <environment_context> mean?'),
    );
    const batch = parseRolloutLines(rawLinesOf(text), FILE, {});
    expect(batch.messages.map((m) => [m.role, m.kind ?? 'message', m.isMeta ?? false])).toEqual([
      ['system', 'meta', true],
      ['user', 'meta', true],
      ['user', 'meta', true],
      ['user', 'meta', true],
      ['user', 'message', false],
    ]);
  });

  it('keeps reasoning summaries as thinking and compactions as compact summaries', () => {
    const text = jsonl(
      sessionMeta(),
      rollout('turn_context', { model: 'gpt-5' }),
      rollout('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Planning**' }], encrypted_content: 'gAAA' }),
      rollout('response_item', { type: 'reasoning', summary: [], encrypted_content: 'gAAA' }),
      rollout('compacted', { message: 'We fixed the parser; tests remain.', replacement_history: [] }),
    );
    const batch = parseRolloutLines(rawLinesOf(text), FILE, {});
    expect(batch.messages.map((m) => [m.kind, m.role, m.text, m.model])).toEqual([
      ['thinking', 'assistant', '**Planning**', 'gpt-5'],
      ['compact_summary', 'user', 'We fixed the parser; tests remain.', undefined],
    ]);
  });

  it('reports a broken line and an unknown kind with their place, keeps known non-content kinds as raw only', () => {
    const text = jsonl(
      sessionMeta(),
      '{"timestamp":"2026-03-01T10:00:00Z","type":"response_item","payload":{"type":"mess',
      rollout('world_state', { full: true, state: {} }),
      rollout('event_msg', { type: 'task_started', turn_id: 't1' }),
      rollout('brand_new_kind', { x: 1 }),
      rollout('response_item', 'not an object'),
      assistantMessage('still parsed'),
    );
    const lines = rawLinesOf(text);
    const batch = parseRolloutLines(lines, FILE, {});
    expect(batch.problems).toEqual([
      { line: 2, offset: lines[1]!.offset, reason: expect.stringMatching(/^invalid JSON/) },
      { line: 5, offset: lines[4]!.offset, reason: 'unknown record kind: "brand_new_kind"' },
      { line: 6, offset: lines[5]!.offset, reason: 'response_item line without a payload object' },
    ]);
    expect(batch.raw.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batch.messages.map((m) => m.text)).toEqual(['still parsed']);
  });

  it('takes the thread id from the file name when there is no session_meta', () => {
    const batch = parseRolloutLines(rawLinesOf(jsonl(userMessage('hi'))), FILE, {});
    expect(batch.sessions[0]!.nativeId).toBe('0199ffff-0000-7000-8000-000000000000');
    expect(batch.messages[0]!.id).toBe('0199ffff-0000-7000-8000-000000000000:0');
    expect(threadIdFromPath('/x/rollout-2025-05-07T17-24-21-5973B6C0-94B8-487B-A530-2AEB6098AE0E.jsonl')).toBe('5973b6c0-94b8-487b-a530-2aeb6098ae0e');
  });

  it('reads the early flat format: bare header, bare items and state markers', () => {
    const text = jsonl(
      { id: '5973b6c0-94b8-487b-a530-2aeb6098ae0e', timestamp: '2025-05-07T17:24:21.123Z', instructions: null, git: { branch: 'main' } },
      { record_type: 'state' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
      { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_1' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"output":"a.txt\\n","metadata":{"exit_code":0}}' },
    );
    const batch = parseRolloutLines(rawLinesOf(text), codexFile('sessions/rollout-2025-05-07-5973b6c0-94b8-487b-a530-2aeb6098ae0e.jsonl'), {});
    expect(batch.problems).toEqual([]);
    expect(batch.sessions[0]).toMatchObject({ nativeId: '5973b6c0-94b8-487b-a530-2aeb6098ae0e', gitBranch: 'main', startedAt: '2025-05-07T17:24:21.123Z' });
    expect(batch.messages.map((m) => m.kind ?? 'message')).toEqual(['message', 'tool_use']);
    expect(batch.toolCalls[1]).toMatchObject({ result: 'a.txt\n' });
  });

  it('names the thread title after thread_name_updated and finds the subagent parent', () => {
    const text = jsonl(
      sessionMeta({ source: { subagent: { thread_spawn: { parent_thread_id: 'parent-1', depth: 1 } } } }),
      rollout('event_msg', { type: 'thread_name_updated', thread_name: 'Fix flaky test' }),
      tokenCount(null),
    );
    const batch = parseRolloutLines(rawLinesOf(text), FILE, {});
    expect(batch.sessions[0]).toMatchObject({ title: 'Fix flaky test', parentNativeId: 'parent-1' });
    expect(batch.usage).toEqual([]);
  });
});
