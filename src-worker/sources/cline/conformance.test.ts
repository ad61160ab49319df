/**
 * The real Cline 3.51 task folder in shared/fixtures/cline parses: every API message and UI row
 * is kept raw, every assistant turn and tool call comes out once with its model, the workspace and
 * times come from the environment details, and the usage rows add up to the api_req_started
 * counts read independently of the adapter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import { clineAdapter } from './index.js';
import type { WholeFileHandler } from '../types.js';

const available = sharedFixturesAvailable();
const taskDirs = available ? fs.readdirSync(path.join(SHARED_FIXTURES, 'cline')).filter((n) => fs.statSync(path.join(SHARED_FIXTURES, 'cline', n)).isDirectory()) : [];

function parse(taskId: string, name: string) {
  const relPath = `tasks/${taskId}/${name}`;
  const file = path.join(SHARED_FIXTURES, 'cline', taskId, name);
  const handler = clineAdapter.handlerFor(relPath) as WholeFileHandler;
  return { batch: handler.parseFile(fs.readFileSync(file, 'utf8'), { agent: 'cline', path: file, relPath, root: '/' }, {}), json: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
}

describe.skipIf(!available)('cline adapter on the shared samples', () => {
  it('has samples to check', () => {
    expect(taskDirs.length).toBeGreaterThan(0);
  });

  for (const taskId of taskDirs) {
    it(`${taskId}: api history gives every turn, tool call, model, workspace and times`, () => {
      const { batch, json } = parse(taskId, 'api_conversation_history.json');
      const items = json as { role: string; content: { type: string }[] }[];
      expect(batch.problems).toEqual([]);
      expect(batch.raw).toHaveLength(items.length);
      const assistants = items.filter((m) => m.role === 'assistant').length;
      expect(batch.messages.filter((m) => m.role === 'assistant' && m.kind !== 'thinking')).toHaveLength(assistants);
      const toolUses = items.flatMap((m) => m.content).filter((b) => b.type === 'tool_use').length;
      expect(batch.toolCalls).toHaveLength(toolUses);
      expect(new Set(batch.toolCalls.map((c) => c.id)).size).toBe(toolUses);
      // Nearly every call's result comes back as "[tool for 'x'] Result:" text (the last may be unanswered).
      expect(batch.toolCalls.filter((c) => c.result !== undefined).length).toBeGreaterThanOrEqual(toolUses - 1);
      expect(batch.messages.every((m) => m.time !== undefined)).toBe(true);
      expect(batch.sessions[0]).toMatchObject({ nativeId: taskId, workspace: expect.stringMatching(/^\//), models: [expect.any(String)] });
      expect(batch.sessions[0]!.startedAt! < batch.sessions[0]!.endedAt!).toBe(true);
    });

    it(`${taskId}: usage equals the api_req_started counts`, () => {
      const { batch, json } = parse(taskId, 'ui_messages.json');
      const rows = (json as { say?: string; text?: string }[]).filter((r) => r.say === 'api_req_started').map((r) => JSON.parse(r.text!) as Record<string, number>);
      const sum = (key: string) => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
      const total = (key: 'input' | 'output' | 'cacheRead' | 'cacheCreation') => batch.usage.reduce((n, u) => n + u[key], 0);
      expect(batch.problems).toEqual([]);
      expect(batch.usage.length).toBe(rows.filter((r) => 'tokensIn' in r).length);
      expect([total('input'), total('output'), total('cacheRead'), total('cacheCreation')]).toEqual([sum('tokensIn'), sum('tokensOut'), sum('cacheReads'), sum('cacheWrites')]);
      expect(batch.usage.every((u) => u.model)).toBe(true);
    });

    it(`${taskId}: task metadata gives the extension version`, () => {
      const { batch } = parse(taskId, 'task_metadata.json');
      expect(batch.sessions[0]!.extra).toMatchObject({ extensionVersion: expect.stringMatching(/^\d+\.\d+/) });
    });
  }
});
