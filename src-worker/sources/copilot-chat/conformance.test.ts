/**
 * Every real Copilot sample in shared/fixtures/copilot parses without throwing, with unique
 * ids. VS Code files are read as chatSessions files; the vct-copilot-cli-* files are the
 * Copilot CLI (events.jsonl and the legacy history-session-state JSON) under its own layout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import type { FileContext, NormalizedBatch, RawLine } from '../types.js';
import { copilotChatAdapter } from './index.js';

const available = sharedFixturesAvailable();
const files = available ? sharedFixtureFiles('copilot') : [];

/** Where each sample would sit under a root. */
function relPathFor(file: string): string {
  const name = path.basename(file);
  if (name.startsWith('vct-copilot-cli-events')) return 'session-state/cli-events-session/events.jsonl';
  if (name.startsWith('vct-copilot-cli-legacy')) return 'history-session-state/cli-legacy-session.json';
  return `workspaceStorage/no-such-workspace/chatSessions/${name}`;
}

function toLines(content: string): RawLine[] {
  const lines: RawLine[] = [];
  let offset = 0;
  content.split('\n').forEach((text, i) => {
    if (text !== '') lines.push({ text, offset, line: i + 1 });
    offset += Buffer.byteLength(text) + 1;
  });
  return lines;
}

function parseFixture(file: string): NormalizedBatch {
  const relPath = relPathFor(file);
  const handler = copilotChatAdapter.handlerFor(relPath);
  if (!handler) throw new Error(`no handler for ${relPath}`);
  // Each sample stands alone under a made-up root (the real folder has the .json and .jsonl
  // copies of one session side by side, and the handler would defer to the .jsonl).
  const ctx: FileContext = { agent: 'copilot-chat', path: `/nonexistent-root/${relPath}`, relPath, root: '/nonexistent-root' };
  const content = fs.readFileSync(file, 'utf8');
  if (handler.kind === 'whole') return handler.parseFile(content, ctx, {});
  if (handler.kind === 'append') return handler.parseLines(toLines(content), ctx, {});
  throw new Error('unexpected sqlite handler');
}

function expectUnique(values: string[]): void {
  expect(new Set(values).size).toBe(values.length);
}

describe.skipIf(!available)('copilot-chat conformance (shared fixtures)', () => {
  it('finds the samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [path.basename(f), f]))('%s parses with unique ids', (_name, file) => {
    const batch = parseFixture(file);
    expect(batch.sessions.length).toBeGreaterThan(0);
    expect(batch.messages.length).toBeGreaterThan(0);
    expect(batch.problems).toEqual([]);
    expectUnique(batch.messages.map((m) => m.id));
    expectUnique(batch.usage.map((u) => u.key));
    if (!path.basename(file).startsWith('vct-copilot-cli-events')) expectUnique(batch.toolCalls.map((t) => t.id));
    for (const m of batch.messages) expect(m.sessionNativeId).toBe(batch.sessions[0]!.nativeId);
  });

  it('gives the same ids for the .json and the one-line .jsonl copy of a session', () => {
    const json = files.find((f) => f.endsWith('gitai-copilot-session-simple.json'));
    const jsonl = files.find((f) => f.endsWith('gitai-copilot-session-simple.jsonl'));
    if (!json || !jsonl) return;
    const a = parseFixture(json);
    const b = parseFixture(jsonl);
    expect(b.sessions[0]!.nativeId).toBe(a.sessions[0]!.nativeId);
    expect(b.messages.map((m) => m.id).sort()).toEqual(a.messages.map((m) => m.id).sort());
  });

  it('reads tokens, tools and models from the 1.109 operation log', () => {
    const file = files.find((f) => f.endsWith('gitai-copilot-session-multiline.jsonl'));
    if (!file) return;
    const batch = parseFixture(file);
    expect(batch.sessions[0]).toMatchObject({ nativeId: '7de89a80-6d93-43e7-be0a-0a9afe980198', title: 'Adding a joke to jokes.csv file', models: ['gpt-4o'] });
    expect(batch.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['Add a joke about 7sadfh32u23gdaWF to jokes.csv', 'follow up message']);
    expect(batch.usage.map((u) => [u.input, u.output])).toEqual([
      [9723, 33],
      [9948, 40],
    ]);
    expect(batch.toolCalls.map((t) => t.name)).toEqual(['copilot_readFile', 'copilot_insertEdit', 'vscode_editFile_internal']);
  });
});
