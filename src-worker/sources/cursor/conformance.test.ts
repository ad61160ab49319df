/**
 * The real Cursor files in shared/fixtures/cursor, read in place: the databases opened
 * read-only, and the 2026 agent-transcript .jsonl as if under `~/.cursor/projects`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import type { NormalizedBatch, ParserState, WholeFileHandler } from '../types.js';
import { cursorAdapter } from './index.js';
import { openReadOnly } from './test-db.js';

const available = sharedFixturesAvailable();
const databases = available ? sharedFixtureFiles('cursor').filter((f) => f.endsWith('.vscdb')) : [];
const transcripts = available ? sharedFixtureFiles('cursor').filter((f) => f.endsWith('.jsonl')) : [];

function relPathFor(file: string): string {
  return path.basename(file).includes('global') ? 'globalStorage/state.vscdb' : 'workspaceStorage/fixture-hash/state.vscdb';
}

function readFixture(file: string, state: ParserState = {}): NormalizedBatch {
  const relPath = relPathFor(file);
  const handler = cursorAdapter.handlerFor(relPath);
  if (handler?.kind !== 'sqlite') throw new Error(`no sqlite handler for ${relPath}`);
  const db = openReadOnly(file);
  try {
    // The fixture's own folder stands in for the root: it has no workspace.json, like a hash folder without one.
    return handler.readDatabase(db, { agent: 'cursor', path: file, relPath, root: path.dirname(file) }, state);
  } finally {
    db.close();
  }
}

function expectUnique(values: string[]): void {
  expect(new Set(values).size).toBe(values.length);
}

describe.skipIf(!available)('cursor conformance (shared fixtures)', () => {
  it('finds both databases', () => {
    expect(databases.map((f) => path.basename(f))).toEqual(['gitai-cursor-global-state.vscdb', 'slevin48-workspace-state.vscdb']);
  });

  it.each(databases.map((f) => [path.basename(f), f]))('%s reads with unique ids and no problems', (_name, file) => {
    const batch = readFixture(file);
    expect(batch.problems).toEqual([]);
    expect(batch.messages.length).toBeGreaterThan(0);
    expectUnique(batch.sessions.map((s) => s.nativeId));
    expectUnique(batch.messages.map((m) => m.id));
    expectUnique(batch.toolCalls.map((t) => t.id));
    expectUnique(batch.usage.map((u) => u.key));
    const sessions = new Set(batch.sessions.map((s) => s.nativeId));
    for (const m of batch.messages) expect(sessions.has(m.sessionNativeId)).toBe(true);
  });

  it('yields the global composer with its bubbles in header order', () => {
    const file = databases.find((f) => f.includes('global'));
    if (!file) return;
    const batch = readFixture(file);
    expect(batch.sessions).toHaveLength(1);
    expect(batch.sessions[0]).toMatchObject({
      nativeId: '00812842-49fe-4699-afae-bb22cda3f6e1',
      title: 'Retrieve SQLite cursor queries',
      startedAt: '2025-10-07T18:28:43.898Z',
      endedAt: '2025-10-07T19:02:43.312Z',
      models: ['gpt-5'],
    });
    expect(batch.messages.filter((m) => m.role === 'user').map((m) => m.text.slice(0, 30))).toEqual(['Give me the queries used in th', 'For the code present, we get t']);
    const ordinals = batch.messages.map((m) => m.ordinal);
    expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
    expect(batch.usage.map((u) => [u.input, u.output])).toEqual([
      [23050, 5947],
      [52228, 1941],
    ]);
    expect(batch.toolCalls.length).toBeGreaterThan(10);

    // Unchanged on the next read: nothing to do.
    const state: ParserState = {};
    readFixture(file, state);
    expect(readFixture(file, state).messages).toEqual([]);
  });

  it('yields the 2024 workspace composers and chat tabs', () => {
    const file = databases.find((f) => f.includes('workspace'));
    if (!file) return;
    const batch = readFixture(file);
    const sources = batch.sessions.map((s) => s.extra?.source);
    expect(sources.filter((s) => s === 'composer').length).toBeGreaterThan(20);
    expect(sources.filter((s) => s === 'aichat').length).toBe(5);
  });
});

describe.skipIf(!available)('cursor agent transcripts (shared fixtures)', () => {
  it('has a transcript to check', () => {
    expect(transcripts.length).toBeGreaterThan(0);
  });

  it.each(transcripts.map((f) => [path.basename(f), f]))('%s: every line a turn, every tool_use a call, the workspace from the folder name', (_name, file) => {
    const uuid = '0a1b2c3d-0000-4000-8000-000000000001';
    const relPath = `Users-aidancunniffe-Desktop-testing-gitflows-git-ai/agent-transcripts/${uuid}/${uuid}.jsonl`;
    const handler = cursorAdapter.handlerFor(relPath) as WholeFileHandler;
    const text = fs.readFileSync(file, 'utf8');
    const batch = handler.parseFile(text, { agent: 'cursor', path: file, relPath, root: '/home/u/.cursor/projects' }, {});
    const lines = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { message: { content: { type: string }[] } });
    expect(batch.problems).toEqual([]);
    expect(batch.raw).toHaveLength(lines.length);
    expect(batch.messages.filter((m) => m.kind !== 'thinking')).toHaveLength(lines.length);
    expect(batch.toolCalls).toHaveLength(lines.flatMap((l) => l.message.content).filter((b) => b.type === 'tool_use').length);
    expectUnique(batch.messages.map((m) => m.id));
    expectUnique(batch.toolCalls.map((t) => t.id));
    expect(batch.messages.some((m) => m.text.includes('[REDACTED]'))).toBe(false);
    expect(batch.sessions).toMatchObject([{ nativeId: uuid, workspace: '/Users/aidancunniffe/Desktop/testing-gitflows-git-ai' }]);
  });
});
