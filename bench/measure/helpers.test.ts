import { describe, expect, it } from 'vitest';
import { Random, tailWord, TAIL_SIZE, words } from '../../src-worker/testing/corpus/random.js';
import { ccusageTotals, tokscaleTotals } from './ccusage.js';
import { exportCommands } from './export.js';
import { claudeUserLine } from './live.js';
import { searchCases } from './search.js';
import { compareTotals } from './stats.js';

describe('corpus vocabulary', () => {
  it('tail terms are fixed by rank, distinct and independent of the corpus seed', () => {
    expect(tailWord(1)).toBe(tailWord(1));
    expect(new Set([1, 2, 3, 100, 5000, TAIL_SIZE].map(tailWord)).size).toBe(6);
    const a = words(new Random(1), 2000);
    expect(words(new Random(1), 2000)).toBe(a);
    expect(words(new Random(2), 2000)).not.toBe(a);
  });

  it('frequent tail terms are common and rare ones rare (Zipf-like)', () => {
    const text = words(new Random(3), 2_000_000).split(/\s+/);
    const count = (w: string) => text.filter((t) => t === w).length;
    expect(count(tailWord(1))).toBeGreaterThan(count(tailWord(100)) * 20);
    expect(count(tailWord(100))).toBeGreaterThan(0);
  });

  it('every search case is a non-empty query', () => {
    for (const c of searchCases()) expect(c.search.trim()).not.toBe('');
  });
});

describe('peers and commands', () => {
  it('reads ccusage totals', () => {
    const out = JSON.stringify({ daily: [], totals: { inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheCreationTokens: 4, totalCost: 5 } });
    expect(ccusageTotals(out)).toEqual({ input: 1, output: 2, cacheRead: 3, cacheCreation: 4 });
  });

  it('sums tokscale graph days into totals', () => {
    const day = (input: number) => ({ date: '2026-01-01', tokenBreakdown: { input, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 0 } });
    expect(tokscaleTotals(JSON.stringify({ contributions: [day(1), day(10)] }))).toEqual({ input: 11, output: 4, cacheRead: 6, cacheCreation: 8 });
    expect(tokscaleTotals(JSON.stringify({ contributions: [] }))).toEqual({ input: 0, output: 0, cacheRead: 0, cacheCreation: 0 });
  });

  it('compares token totals field by field', () => {
    const t = { input: 1, output: 2, cacheRead: 3, cacheCreation: 4 };
    expect(compareTotals(t, { ...t })).toBe('same token totals');
    expect(compareTotals(t, { ...t, output: 5 })).toBe('totals differ: output 2 vs 5');
  });

  it('finds commands in commander help output', () => {
    const help = 'Commands:\n  start [options]   collect\n  serve [options]   run the server\n  export --remote   export\n';
    expect(exportCommands(help)).toEqual({ export: true, serve: true, remote: false });
  });

  it('writes a Claude Code user line with the marker text', () => {
    const line = JSON.parse(claudeUserLine({ uuid: 'u', parentUuid: null, sessionId: 's', cwd: '/w', time: new Date(0), text: 'hello zq1' })) as Record<string, unknown>;
    expect(line).toMatchObject({ type: 'user', uuid: 'u', sessionId: 's', message: { role: 'user', content: 'hello zq1' }, timestamp: '1970-01-01T00:00:00.000Z' });
  });
});
