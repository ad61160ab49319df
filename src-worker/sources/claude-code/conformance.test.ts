/**
 * Runs the adapter over the real sample files in shared/fixtures/claude-code (read in place,
 * never copied into the repo) and checks its token sums against the native ccusage 20.0.24 on
 * the same files (`node scripts/install-peers.mjs` installs it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import type { AppendHandler, MessageRecord, NormalizedBatch, ParserState, RawLine } from '../types.js';
import { committedBytes, keptUsage, layoutPath, runCcusageDaily, sumByUtcDay, sumUsage, writeConfigDir } from './ccusage-harness.js';
import { claudeCodeAdapter } from './index.js';
import { assistantLine, fileContext, splitCompleteLines, usageOf } from './test-support.js';

const available = sharedFixturesAvailable();
const FIXTURE_ROOT = path.join(SHARED_FIXTURES, 'claude-code');
const fixtures = (available ? sharedFixtureFiles('claude-code') : [])
  .filter((f) => f.endsWith('.jsonl'))
  .map((file) => ({ file, name: path.relative(FIXTURE_ROOT, file), relPath: layoutPath(FIXTURE_ROOT, file), bytes: committedBytes(file) }));

function handlerFor(relPath: string): AppendHandler {
  const handler = claudeCodeAdapter.handlerFor(relPath);
  if (handler?.kind !== 'append') throw new Error(`no append handler for ${relPath}`);
  return handler;
}

function parseInBatches(relPath: string, lines: RawLine[], size: number): NormalizedBatch[] {
  let state: ParserState = {};
  const batches: NormalizedBatch[] = [];
  for (let i = 0; i < lines.length; i += size) {
    batches.push(handlerFor(relPath).parseLines(lines.slice(i, i + size), fileContext(relPath), state));
    state = JSON.parse(JSON.stringify(state)) as ParserState; // stored as JSON with the cursor between calls
  }
  return batches;
}

/**
 * The shared fixtures' subagent files hold no usage, so a hand-written session with a 2.1.x
 * subagent file (both billed) checks that subagent tokens land in the parent session.
 */
function ownSubagentSession(): Array<{ relPath: string; bytes: Buffer }> {
  const jsonl = (...records: object[]) => Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const billed = (uuid: string, msg: string, tokens: object) => assistantLine(uuid, [{ type: 'text', text: 'ok' }], { sessionId: 'own-parent' }, { id: msg, usage: tokens });
  return [
    { relPath: 'projects/p-own/own-parent.jsonl', bytes: jsonl(billed('o1', 'msg_o1', usageOf(7, 3, 100, 10)), billed('o2', 'msg_o1', usageOf(7, 9, 100, 10))) },
    { relPath: 'projects/p-own/own-parent/subagents/agent-own.jsonl', bytes: jsonl(billed('o3', 'msg_o3', usageOf(5, 2, 50, 0))) },
  ];
}

/** What the store keeps: the first message of each id. */
function firstById(messages: MessageRecord[]): Map<string, MessageRecord> {
  const byId = new Map<string, MessageRecord>();
  for (const m of messages) if (!byId.has(m.id)) byId.set(m.id, m);
  return byId;
}

describe.skipIf(!available)('claude-code conformance (shared fixtures)', () => {
  describe.each(fixtures)('$name', ({ relPath, bytes }) => {
    const lines = splitCompleteLines(bytes);
    const parse = () => handlerFor(relPath).parseLines(lines, fileContext(relPath), {});

    it('accounts for every non-empty line, in raw and, if unusable, as a problem', () => {
      expect(parse).not.toThrow();
      const batch = parse();
      const nonEmpty = lines.filter((l) => l.text.trim() !== '');
      expect(batch.raw.map((r) => [r.line, r.offset])).toEqual(nonEmpty.map((l) => [l.line, l.offset]));
      expect(batch.raw.map((r) => r.text)).toEqual(nonEmpty.map((l) => l.text));
      const offsets = new Map(nonEmpty.map((l) => [l.line, l.offset]));
      for (const p of batch.problems) {
        expect(p.reason.length).toBeGreaterThan(0);
        expect(offsets.get(p.line!)).toBe(p.offset);
      }
    });

    it('gives unique message ids and well-formed records', () => {
      const batch = parse();
      const ids = batch.messages.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const m of batch.messages) {
        expect(m.sessionNativeId).not.toBe('');
        expect(typeof m.text).toBe('string');
        expect(JSON.stringify(m.content ?? null)).not.toMatch(/"signature"|iVBORw0KGgo/); // no signatures, no PNG base64
      }
      for (const t of batch.toolCalls) expect(t.id).not.toBe('');
      for (const s of batch.sessions) expect(s.models ?? []).not.toContain('<synthetic>');
    });

    it('reads the same records when the lines arrive in small batches', () => {
      const whole = parse();
      const parts = parseInBatches(relPath, lines, 7);
      const messagesOf = (list: MessageRecord[]) => [...firstById(list).values()].map((m) => [m.id, m.sessionNativeId, m.kind, m.text]);
      expect(messagesOf(parts.flatMap((b) => b.messages))).toEqual(messagesOf(whole.messages));
      const usageOf = (b: NormalizedBatch[]) => keptUsage(b.flatMap((x) => x.usage));
      expect(usageOf(parts)).toEqual(usageOf([whole]));
      expect(parts.flatMap((b) => b.problems)).toEqual(whole.problems);
      // The store keeps the latest title a session is given.
      const titles = (b: NormalizedBatch[]) => new Map(b.flatMap((x) => x.sessions).filter((s) => s.title).map((s) => [s.nativeId, s.title]));
      expect(titles(parts)).toEqual(titles([whole]));
    });
  });

  describe('token totals against ccusage 20 (native)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-ccusage-'));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
    let dirs = 0;

    /** Our kept usage for these files and ccusage's daily report on the same files. */
    function both(files: Array<{ relPath: string; bytes: Buffer }>) {
      const configDir = path.join(tmp, `claude-${dirs++}`);
      writeConfigDir(configDir, files);
      const records = files.flatMap(({ relPath, bytes }) => handlerFor(relPath).parseLines(splitCompleteLines(bytes), fileContext(relPath, configDir), {}).usage);
      return { ours: keptUsage(records), theirs: runCcusageDaily(configDir, tmp) };
    }

    it.each(fixtures)('equal ccusage on $name alone', (fixture) => {
      const { ours, theirs } = both([fixture]);
      expect(sumUsage(ours)).toEqual(theirs.totals);
    });

    it('equal ccusage per day and in total on every fixture together, subagent files included', () => {
      const { ours, theirs } = both([...fixtures, ...ownSubagentSession()]);
      expect(theirs.days.size).toBeGreaterThan(5);
      expect(Object.fromEntries(sumByUtcDay(ours))).toEqual(Object.fromEntries(theirs.days));
      expect(sumUsage(ours)).toEqual(theirs.totals);
      expect(sumUsage(ours.filter((u) => u.sessionNativeId === 'own-parent'))).toEqual({ input: 12, output: 11, cacheRead: 150, cacheCreation: 10 });
    });
  });
});
