/**
 * Every shared Codex sample parses: nothing throws, every non-empty line is kept raw and is
 * either normalized or reported, ids are unique, and the tokens add up to the file's own
 * running total. (The day-by-day comparison with `ccusage codex daily`, ccusage 20 native, is
 * in src-cli/stats-ccusage.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFixtureFiles, sharedFixturesAvailable } from '../../testing/shared-fixtures.js';
import type { NormalizedBatch, ParserState } from '../types.js';
import { codexHandlerFor } from './index.js';
import { parseRolloutLines } from './rollout-parser.js';
import { codexFile, rawLinesOf } from './test-lines.js';

const available = sharedFixturesAvailable();
const files = available ? sharedFixtureFiles('codex') : [];

function parseInTwoCalls(text: string, relPath: string): NormalizedBatch[] {
  const lines = rawLinesOf(text);
  const half = Math.floor(lines.length / 2);
  const state: ParserState = {};
  return [parseRolloutLines(lines.slice(0, half), codexFile(relPath), state), parseRolloutLines(lines.slice(half), codexFile(relPath), state)];
}

/** The last `total_token_usage` in the file: the session's own running total. */
function finalRunningTotal(text: string): { input: number; output: number } | undefined {
  let total: { input: number; output: number } | undefined;
  for (const line of text.split('\n')) {
    if (!line.includes('total_token_usage')) continue;
    const usage = (JSON.parse(line) as { payload?: { info?: { total_token_usage?: Record<string, number> } } }).payload?.info?.total_token_usage;
    if (usage) total = { input: usage.input_tokens ?? 0, output: usage.output_tokens ?? 0 };
  }
  return total;
}

describe.skipIf(!available)('codex adapter on the shared samples', () => {
  it('has samples to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const name = path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    const relPath = `sessions/2026/01/01/rollout-${name}`;

    it(`${name}: parses, keeps every line and reports what it cannot use`, () => {
      expect(codexHandlerFor(relPath)?.kind).toBe('append');
      const batch = parseRolloutLines(rawLinesOf(text), codexFile(relPath), {});
      const nonEmpty = rawLinesOf(text).filter((l) => l.text.trim() !== '');
      expect(batch.raw.map((r) => r.offset)).toEqual(nonEmpty.map((l) => l.offset));
      for (const problem of batch.problems) {
        expect(problem.reason).not.toBe('');
        expect(nonEmpty.some((l) => l.line === problem.line)).toBe(true);
      }
      const ids = batch.messages.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      const usageKeys = batch.usage.map((u) => u.key);
      expect(new Set(usageKeys).size).toBe(usageKeys.length);
      // Call ids are not checked for uniqueness: the coverage sample replaces them with placeholders.
      for (const call of batch.toolCalls) expect(call.name !== undefined || call.result !== undefined).toBe(true);
      expect(batch.sessions).toHaveLength(1);
    });

    it(`${name}: gives the same records when its lines arrive in two calls`, () => {
      const whole = parseRolloutLines(rawLinesOf(text), codexFile(relPath), {});
      const parts = parseInTwoCalls(text, relPath);
      expect(parts.flatMap((b) => b.messages)).toEqual(whole.messages);
      expect(parts.flatMap((b) => b.toolCalls)).toEqual(whole.toolCalls);
      expect(parts.flatMap((b) => b.usage)).toEqual(whole.usage);
      expect(parts.flatMap((b) => b.problems)).toEqual(whole.problems);
    });

    const sessionMetas = text.split('\n').filter((l) => l.includes('"type":"session_meta"')).length;
    const total = finalRunningTotal(text);
    // Only files that carry a running total (and one thread) can be checked against it.
    if (total !== undefined && sessionMetas === 1) it(`${name}: tokens add up to the file's running total`, () => {
      const batch = parseRolloutLines(rawLinesOf(text), codexFile(relPath), {});
      const sum = (f: (u: NormalizedBatch['usage'][number]) => number) => batch.usage.reduce((n, u) => n + f(u), 0);
      expect(sum((u) => u.input + u.cacheRead + u.cacheCreation)).toBe(total!.input);
      expect(sum((u) => u.output)).toBe(total!.output);
    });
  }
});
