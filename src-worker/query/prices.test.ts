import { describe, expect, it } from 'vitest';
import { modelCandidates, PriceTable } from './prices.js';

const tokens = (input: number, output = 0, cacheRead = 0, cacheCreation = 0) => ({ input, output, cacheRead, cacheCreation });

describe('PriceTable', () => {
  const table = new PriceTable();

  it('matches an id exactly, then its family without snapshot date or provider prefix', () => {
    expect(modelCandidates('claude-sonnet-4-5-20250929')).toEqual(['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5']);
    expect(modelCandidates('anthropic.claude-sonnet-4-5-20250929-v1:0').at(-1)).toBe('claude-sonnet-4-5');
    expect(modelCandidates('copilot/claude-3.5-sonnet')).toEqual(['claude-3-5-sonnet']);
    expect(modelCandidates('gpt-4.1-2025-04-14')).toEqual(['gpt-4.1-2025-04-14', 'gpt-4.1']);
    expect(table.lookup('claude-sonnet-4-5-20250929')).toMatchObject({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(table.lookup('models/gemini-2.5-pro')).toMatchObject({ input: 1.25 });
    expect(table.lookup('gpt-4o-2024-05-13')).toMatchObject({ input: 5 });
    expect(table.lookup('gpt-4o-2024-08-06')).toMatchObject({ input: 2.5 });
  });

  it('never prices an unknown variant as its shorter family', () => {
    expect(table.lookup('gpt-5-turbo-ultra')).toBeUndefined();
    expect(table.lookup('claude-sonnet-9')).toBeUndefined();
    expect(table.lookup('<synthetic>')).toBeUndefined();
    expect(table.lookup(null)).toBeUndefined();
    expect(table.cost('mystery', tokens(1000))).toBeUndefined();
  });

  it('computes dollars per million tokens, long prompts at long-context rates', () => {
    expect(table.cost('claude-sonnet-4-5', tokens(1_000_000, 1_000_000, 1_000_000, 1_000_000))).toBeCloseTo(3 + 15 + 0.3 + 3.75, 9);
    expect(table.cost('claude-sonnet-4-5', tokens(1_000_000), true)).toBeCloseTo(6, 9);
    expect(table.cost('claude-opus-4-1', tokens(1_000_000), true)).toBeCloseTo(15, 9); // no long-context tier
  });

  it('lets config.json prices replace and add models; cache rates default to input', () => {
    const custom = new PriceTable({ 'Mystery-Model-1': { input: 2, output: 4 }, 'claude-sonnet-4-5': { input: 1, output: 1 } });
    expect(custom.overridden).toEqual(['claude-sonnet-4-5', 'mystery-model-1']);
    expect(custom.cost('mystery-model-1', tokens(1_000_000, 1_000_000, 1_000_000))).toBeCloseTo(8, 9);
    expect(custom.cost('claude-sonnet-4-5-20250929', tokens(1_000_000))).toBeCloseTo(1, 9);
  });
});
