import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevlogError } from '../../src-shared/errors.js';
import { PriceTable } from './prices.js';
import { SAMPLE_HOME, writeSampleSessions } from './sample-sessions.js';
import { querySessions } from './sessions.js';
import { getStats } from './stats.js';
import { TestStore } from './test-store.js';

let store: TestStore;
beforeAll(() => {
  store = new TestStore();
  writeSampleSessions(store);
});
afterAll(() => store.dispose());

const prices = new PriceTable();
const ctx = { home: SAMPLE_HOME, now: new Date('2026-11-13T12:00:00.000Z') };
const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('getStats', () => {
  it('totals equal the sum over the sessions a query with the same filter lists', () => {
    for (const filter of [{}, { agents: ['claude-code' as const] }, { workspace: '~/code/alpha' }, { since: '2026-11-04' }]) {
      const stats = getStats(store.reader(), { ...filter, by: 'agent' }, prices, ctx);
      const sessions = querySessions(store.reader(), { ...filter, limit: 1000 }, ctx).sessions;
      const sum = (f: (s: (typeof sessions)[number]) => number) => sessions.reduce((a, s) => a + f(s), 0);
      expect(stats.total.sessions).toBe(sessions.length);
      expect(stats.total.messages).toBe(sum((s) => s.messageCount));
      expect(stats.total.toolCalls).toBe(sum((s) => s.toolCallCount));
      expect(stats.total.tokens.input).toBe(sum((s) => s.tokens.input));
      expect(stats.total.tokens.output).toBe(sum((s) => s.tokens.output));
      expect(stats.total.tokens.cacheRead).toBe(sum((s) => s.tokens.cacheRead));
      expect(stats.total.tokens.cacheCreation).toBe(sum((s) => s.tokens.cacheCreation));
      expect(stats.groups.reduce((a, g) => a + g.sessions, 0)).toBe(sessions.length);
    }
  });

  it('estimates cost per response and model; tokens of an unpriced model are counted, never priced', () => {
    const { total, groups } = getStats(store.reader(), { by: 'agent' }, prices, ctx);
    // sonnet 4.5: 1000×3 + 500×15 + 10000×0.3 + 2000×3.75, then 100×3 + 50×15; opus 4.1: 2000×15 + 1000×75;
    // gpt-5-codex: 10000×1.25 + 2000×10 + 50000×0.125 (dollars per million tokens).
    expect(total.cost).toBeCloseTo(0.02205 + 0.105 + 0.03875, 9);
    expect(total.costUnknownTokens).toBe(5000);
    expect(total.unknownModels).toEqual(['mystery-model-1']);
    const byKey = Object.fromEntries(groups.map((g) => [g.key, g]));
    expect(byKey['claude-code']).toMatchObject({ sessions: 2, costUnknownTokens: 0 });
    expect(byKey['claude-code']!.cost).toBeCloseTo(0.12705, 9);
    expect(byKey.codex).toMatchObject({ sessions: 1, costUnknownTokens: 5000, unknownModels: ['mystery-model-1'] });
    expect(byKey['copilot-chat']).toMatchObject({ sessions: 1, cost: 0, costUnknownTokens: 0 });
  });

  it('reports cost as null when no token of a group has a price', () => {
    const { groups } = getStats(store.reader(), { by: 'model' }, prices, ctx);
    const mystery = groups.find((g) => g.key === 'mystery-model-1')!;
    expect(mystery).toMatchObject({ sessions: 1, cost: null, costUnknownTokens: 5000, tokens: { input: 4000, output: 1000 } });
    const sonnet = groups.find((g) => g.key === 'claude-sonnet-4-5-20250929')!;
    expect(sonnet).toMatchObject({ sessions: 1, messages: 2, toolCalls: 1, tokens: { input: 1100, output: 550 } });
    expect(groups.reduce((a, g) => a + (g.cost ?? 0), 0)).toBeCloseTo(0.1658, 9);
  });

  it('groups by the local day things happened (each sample session is one day), ascending, and by workspace', () => {
    const byDay = getStats(store.reader(), { by: 'day' }, prices, ctx);
    expect(byDay.groups.map((g) => g.key)).toEqual(
      ['2026-11-01T10:00:00.000Z', '2026-11-05T09:00:00.000Z', '2026-11-10T08:00:00.000Z', '2026-11-12T12:00:00.000Z'].map(localDay),
    );
    const byWorkspace = getStats(store.reader(), { by: 'workspace' }, prices, ctx);
    expect(byWorkspace.groups.find((g) => g.key === `${SAMPLE_HOME}/code/alpha`)).toMatchObject({ sessions: 2 });
  });

  it('uses prices from config.json over the built-in table', () => {
    const custom = new PriceTable({ 'mystery-model-1': { input: 1, output: 1 } });
    const { total, prices: info } = getStats(store.reader(), { by: 'agent' }, custom, ctx);
    expect(total.costUnknownTokens).toBe(0);
    expect(total.cost).toBeCloseTo(0.1658 + 0.005, 9);
    expect(info.overridden).toEqual(['mystery-model-1']);
  });

  it('splits each day by model when asked: the parts add up to the day, tokens and cost', () => {
    const plain = getStats(store.reader(), { by: 'day' }, prices, ctx);
    const split = getStats(store.reader(), { by: 'day', splitByModel: true }, prices, ctx);
    expect(plain.groups.every((g) => g.byModel === undefined)).toBe(true);
    expect(split.groups.map(({ byModel: _parts, ...row }) => row)).toEqual(plain.groups);
    const models = new Set<string>();
    for (const day of split.groups) {
      const parts = day.byModel!;
      for (const p of parts) models.add(p.model);
      for (const k of ['input', 'output', 'cacheRead', 'cacheCreation'] as const) expect(parts.reduce((a, p) => a + p.tokens[k], 0)).toBe(day.tokens[k]);
      if (day.costUnknownTokens === 0) expect(parts.reduce((a, p) => a + (p.cost ?? 0), 0)).toBeCloseTo(day.cost ?? 0, 9);
    }
    // Every model with tokens shows up under some day; the unpriced one says its cost is unknown.
    expect([...models].sort()).toEqual(getStats(store.reader(), { by: 'model' }, prices, ctx).groups.filter((g) => g.tokens.input + g.tokens.output > 0).map((g) => g.key).sort());
    expect(split.groups.flatMap((g) => g.byModel!).find((p) => p.model === 'mystery-model-1')).toMatchObject({ cost: null, tokens: { input: 4000, output: 1000 } });
  });

  it('rejects an unknown grouping', () => {
    expect(() => getStats(store.reader(), { by: 'week' as never }, prices, ctx)).toThrow(DevlogError);
  });
});
