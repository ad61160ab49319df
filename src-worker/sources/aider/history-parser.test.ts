import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawLinesOf } from '../codex/test-lines.js';
import { parseAiderHistory } from './history-parser.js';
import { aiderFile, collectorLines, parseAider, REPO, SESSION_ONE, SESSION_TWO } from './test-files.js';
import { shortHash } from '../json-read.js';

// Aider writes local time without a zone: the tests fix the zone so the UTC times are known.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const ONE = `${shortHash(REPO, 12)}-20251023T170456`;
const TWO = `${shortHash(REPO, 12)}-20251024T090000`;

describe('Aider chat history', () => {
  it('splits sessions on their headers, with local start time, model, version, workspace and cost', () => {
    const [batch] = parseAider(SESSION_ONE + SESSION_TWO);
    expect(batch!.sessions).toEqual([
      { nativeId: ONE, workspace: REPO, startedAt: '2025-10-23T21:04:56.000Z', endedAt: '2025-10-23T21:04:56.000Z', models: ['anthropic/claude-sonnet-4'], extra: { aiderVersion: '0.86.1', costUsd: 0.02 } },
      { nativeId: TWO, workspace: REPO, startedAt: '2025-10-24T13:00:00.000Z', endedAt: '2025-10-24T13:00:00.000Z', models: ['gpt-4o'], extra: { aiderVersion: '0.86.2' } },
    ]);
    expect(batch!.problems).toEqual([]);
  });

  it('turns #### runs into the user message, > runs into meta events and the rest into the reply', () => {
    const [batch] = parseAider(SESSION_ONE);
    expect(batch!.messages.map((m) => [m.role, m.kind ?? 'message', m.isMeta ?? false, m.model, m.text.split('\n')[0]])).toEqual([
      ['system', 'event', true, undefined, '/home/u/.local/bin/aider --model anthropic/claude-sonnet-4'],
      ['user', 'message', false, undefined, 'Make the title casual'],
      ['assistant', 'message', false, 'anthropic/claude-sonnet-4', 'I will change the title.'],
      ['system', 'event', true, undefined, 'Tokens: 3.7k sent, 1.2k cache write, 2.0k cache hit, 512 received. Cost: $0.02 message, $0.02 session.'],
    ]);
    expect(batch!.messages[1]!.text).toBe('Make the title casual\nand keep it short');
    expect(batch!.messages[2]!.text).toContain('<<<<<<< SEARCH\n<title>Shop</title>');
    expect(batch!.messages.every((m) => m.sessionNativeId === ONE && m.time === '2025-10-23T21:04:56.000Z')).toBe(true);
    const ordinals = batch!.messages.map((m) => m.ordinal);
    expect([...ordinals].sort((a, b) => a - b)).toEqual(ordinals);
  });

  it('takes usage from the Tokens lines (k-suffixed, cache write and hit) for the model of the banner', () => {
    const [batch] = parseAider(SESSION_ONE + SESSION_TWO);
    expect(batch!.usage.map((u) => [u.sessionNativeId, u.model, u.input, u.cacheCreation, u.cacheRead, u.output])).toEqual([
      [ONE, 'anthropic/claude-sonnet-4', 3700, 1200, 2000, 512],
      [TWO, 'gpt-4o', 12000, 0, 0, 98],
    ]);
    const reply = batch!.messages.find((m) => m.role === 'assistant' && m.sessionNativeId === ONE)!;
    expect(batch!.usage[0]!.messageId).toBe(reply.id);
  });

  it('records applied edits and commits as tool calls of the reply before them', () => {
    const [batch] = parseAider(SESSION_ONE);
    const reply = batch!.messages.find((m) => m.role === 'assistant')!;
    expect(batch!.toolCalls.map((c) => [c.name, c.input, c.messageId])).toEqual([
      ['edit', { path: 'index.html' }, reply.id],
      ['git commit', { sha: 'a5caaed', message: 'feat: casual title' }, reply.id],
    ]);
  });

  it('gives the same rows however the file was cut into pieces (a reply continued in the next piece keeps its id)', () => {
    const text = SESSION_ONE + SESSION_TWO;
    const whole = parseAider(text)[0]!;
    const pieces = parseAider(text, [3, 14, 15, 24, 30]);
    const last = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
    expect(last(pieces.flatMap((b) => b.messages))).toEqual(whole.messages);
    expect(pieces.flatMap((b) => b.usage)).toEqual(whole.usage);
    expect(pieces.flatMap((b) => b.toolCalls)).toEqual(whole.toolCalls);
    const lastSessions = [...new Map(pieces.flatMap((b) => b.sessions).map((s) => [s.nativeId, s])).values()];
    expect(lastSessions).toEqual(whole.sessions);
    expect(pieces.flatMap((b) => b.raw)).toEqual(whole.raw);
  });

  it('reads Windows line endings and a reply cut by ^C', () => {
    const text = ['# aider chat started at 2025-08-06 12:06:30', '> Model: openrouter/horizon-beta with architect edit format  ', '#### plan it  ', 'First I wi', '#### never mind  ', ''].join('\r\n');
    const [batch] = parseAider(text);
    expect(batch!.messages.map((m) => [m.role, m.text])).toEqual([
      ['system', 'Model: openrouter/horizon-beta with architect edit format'],
      ['user', 'plan it'],
      ['assistant', 'First I wi'],
      ['user', 'never mind'],
    ]);
    expect(batch!.sessions[0]!.models).toEqual(['openrouter/horizon-beta']);
  });

  it('reports text before the first header with its line, and keeps every line raw', () => {
    const lines = collectorLines('stray text\n' + SESSION_TWO);
    const batch = parseAiderHistory(lines, aiderFile(), {});
    expect(batch.problems).toEqual([{ line: 1, offset: 0, reason: 'line 1: text before the first "# aider chat started at" header: skipped' }]);
    expect(batch.raw).toHaveLength(lines.length);
    expect(batch.sessions.map((s) => s.nativeId)).toEqual([TWO]);
  });

  it('reads blank lines the collector leaves out from the gap in line numbers, as when they are handed over', () => {
    const text = ['# aider chat started at 2025-10-24 09:00:00', '#### first  ', '', '#### second  ', '', 'Para one.', '', '', 'Para two.', ''].join('\n');
    const withBlanks = parseAiderHistory(rawLinesOf(text), aiderFile(), {});
    const without = parseAiderHistory(collectorLines(text), aiderFile(), {});
    expect(without.messages.map((m) => m.text)).toEqual(['first', 'second', 'Para one.\n\n\nPara two.']);
    expect(without.messages).toEqual(withBlanks.messages);
  });

  it('gives each prompt its time from .aider.input.history, and what follows a prompt that time', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-aider-'));
    try {
      fs.writeFileSync(
        path.join(repo, '.aider.input.history'),
        ['', '# 2025-10-23 17:05:10.250000', '+Make the title casual', '+and keep it short', '', '# 2025-10-23 17:09:00.000000', '+/undo', ''].join('\n'),
      );
      const text = SESSION_ONE + '#### /undo  \n\n> Removed: a5caaed feat: casual title  \n';
      const batch = parseAiderHistory(collectorLines(text), aiderFile(repo), {});
      expect(batch.messages.map((m) => [m.role, m.text.split('\n')[0], m.time])).toEqual([
        ['system', '/home/u/.local/bin/aider --model anthropic/claude-sonnet-4', '2025-10-23T21:04:56.000Z'],
        ['user', 'Make the title casual', '2025-10-23T21:05:10.250Z'],
        ['assistant', 'I will change the title.', '2025-10-23T21:05:10.250Z'],
        ['system', 'Tokens: 3.7k sent, 1.2k cache write, 2.0k cache hit, 512 received. Cost: $0.02 message, $0.02 session.', '2025-10-23T21:05:10.250Z'],
        ['user', '/undo', '2025-10-23T21:09:00.000Z'],
        ['system', 'Removed: a5caaed feat: casual title', '2025-10-23T21:09:00.000Z'],
      ]);
      expect(batch.usage[0]!.time).toBe('2025-10-23T21:05:10.250Z');
      expect(batch.sessions.at(-1)).toMatchObject({ startedAt: '2025-10-23T21:04:56.000Z', endedAt: '2025-10-23T21:09:00.000Z' });
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
