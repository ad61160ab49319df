import { describe, expect, it } from 'vitest';
import type { ParserState } from '../types.js';
import { parseRolloutLines } from './rollout-parser.js';
import { codexFile, jsonl, rawLinesOf, rollout, sessionMeta, THREAD, tokenCount } from './test-lines.js';

const FILE = codexFile(`sessions/2026/03/01/rollout-2026-03-01T10-00-00-${THREAD}.jsonl`);

function usageOf(...records: unknown[]) {
  return parseRolloutLines(rawLinesOf(jsonl(sessionMeta(), rollout('turn_context', { model: 'gpt-5' }), ...records)), FILE, {}).usage;
}

describe('Codex token usage', () => {
  it('stores input without its cached part, so input + cacheRead + output is the total', () => {
    const [usage] = usageOf(tokenCount([5645, 5504, 810, 640], [5645, 5504, 810, 640]));
    expect(usage).toMatchObject({ input: 141, cacheRead: 5504, output: 810, reasoning: 640, cacheCreation: 0, model: 'gpt-5', sessionNativeId: THREAD });
    expect(usage!.input + usage!.cacheRead + usage!.output).toBe(5645 + 810);
  });

  it('writes nothing for info:null or all-zero counts', () => {
    expect(usageOf(tokenCount(null), tokenCount([0, 0, 0, 0], [0, 0, 0, 0]))).toEqual([]);
  });

  it('skips a re-emitted token_count whose running total did not move', () => {
    const usage = usageOf(
      tokenCount([100, 0, 10, 0], [100, 0, 10, 0]),
      tokenCount([100, 0, 10, 0], [100, 0, 10, 0]), // rate-limit refresh
      tokenCount([50, 40, 5, 0], [150, 40, 15, 0]),
    );
    expect(usage.map((u) => [u.input, u.cacheRead, u.output])).toEqual([
      [100, 0, 10],
      [10, 40, 5],
    ]);
  });

  it('derives the request from the running total when last_token_usage is missing, across calls', () => {
    const state: ParserState = {};
    const first = jsonl(sessionMeta(), tokenCount(null, [100, 0, 0, 0]));
    const a = parseRolloutLines(rawLinesOf(first), FILE, state);
    const b = parseRolloutLines(rawLinesOf(jsonl(tokenCount(null, [250, 100, 30, 0])), Buffer.byteLength(first), 3), FILE, JSON.parse(JSON.stringify(state)) as ParserState);
    expect([...a.usage, ...b.usage].map((u) => [u.input, u.cacheRead, u.output])).toEqual([
      [100, 0, 0],
      [50, 100, 30],
    ]);
  });

  it("keys a fork's replayed parent usage like the parent's own, so the store counts it once", () => {
    const parent = usageOf(tokenCount([100, 0, 10, 0], [100, 0, 10, 0]));
    const fork = parseRolloutLines(
      rawLinesOf(
        jsonl(
          rollout('session_meta', { id: 'fork-1', forked_from_id: THREAD, cwd: '/home/u/project' }),
          sessionMeta(), // the parent's history, copied into the fork
          tokenCount([100, 0, 10, 0], [100, 0, 10, 0]),
          tokenCount([120, 100, 3, 0], [220, 100, 13, 0]), // the fork's own request
        ),
      ),
      codexFile('sessions/2026/03/02/rollout-fork-1.jsonl'),
      {},
    ).usage;
    expect(fork[0]!.key).toBe(parent[0]!.key);
    expect(fork[1]!.key).not.toBe(parent[0]!.key);
    expect(fork.map((u) => u.sessionNativeId)).toEqual(['fork-1', 'fork-1']);
  });

  it('falls back to the line position as key when there is no running total', () => {
    const text = jsonl(sessionMeta(), tokenCount([10, 0, 1, 0]));
    const usage = parseRolloutLines(rawLinesOf(text), FILE, {}).usage;
    expect(usage[0]!.key).toBe(`${THREAD}:${rawLinesOf(text)[1]!.offset}`);
  });

  it('counts an odd token field as 0 with a problem naming the field and line, keeping the rest of the file', () => {
    const odd = tokenCount([100, 0, 10, 0], [100, 0, 10, 0]) as { payload: { info: { last_token_usage: Record<string, unknown> } } };
    odd.payload.info.last_token_usage.output_tokens = 1.5;
    const batch = parseRolloutLines(rawLinesOf(jsonl(sessionMeta(), odd, tokenCount([50, 0, 5, 0], [150, 0, 15, 0]))), FILE, {});
    expect(batch.usage.map((u) => [u.input, u.output])).toEqual([
      [100, 0],
      [50, 5],
    ]);
    expect(batch.problems.map((p) => [p.line, p.reason])).toEqual([[2, expect.stringMatching(/^payload\.info\.last_token_usage\.output_tokens: 1\.5 is not a token count/)]]);
  });
});
