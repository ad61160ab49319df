import { describe, expect, it } from 'vitest';
import type { StatsResult, StatsRow } from '../../../src-shared/contract/index.js';
import { OTHER, tokensPerDayByModel } from './chart-data.js';

const tokens = (input: number) => ({ input, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 });
const day = (key: string, parts: Array<[string, number]>): StatsRow => ({
  key,
  sessions: 1,
  messages: 0,
  toolCalls: 0,
  tokens: tokens(parts.reduce((a, [, n]) => a + n, 0)),
  cost: 0,
  costUnknownTokens: 0,
  unknownModels: [],
  byModel: parts.map(([model, n]) => ({ model, tokens: tokens(n), cost: 0 })),
});
const result = (groups: StatsRow[]): StatsResult => ({ by: 'day', groups, total: day('total', []), currency: 'USD', prices: { updated: '', source: '', overridden: [] } });

describe('tokensPerDayByModel', () => {
  it('gives every day a value for every model, so stacked bars add up to the day', () => {
    const { rows, models } = tokensPerDayByModel(result([day('2026-11-01', [['a', 10]]), day('2026-11-02', [['b', 30], ['a', 5]])]));
    expect(models).toEqual(['b', 'a']);
    expect(rows).toEqual([
      { day: '2026-11-01', a: 10, b: 0 },
      { day: '2026-11-02', a: 5, b: 30 },
    ]);
  });

  it('sums models beyond the six biggest as "other", losing no token', () => {
    const parts: Array<[string, number]> = Array.from({ length: 9 }, (_, i) => [`m${i}`, 100 - i]);
    const { rows, models } = tokensPerDayByModel(result([day('2026-11-01', parts)]));
    expect(models).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', OTHER]);
    expect(rows[0]![OTHER]).toBe(94 + 93 + 92);
    expect(models.reduce((a, m) => a + (rows[0]![m] as number), 0)).toBe(parts.reduce((a, [, n]) => a + n, 0));
  });
});
