import { describe, expect, it } from 'vitest';
import { formatMarkdownTable, formatTable, formatValue, metric, notMeasured, renderMarkdownTable, renderTextTable, type MeasurementResult } from './result.js';

describe('tables', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    const out = formatTable(['name', 'value'], [['a', '1'], ['longer', '1,000']], ['left', 'right']);
    expect(out.split('\n')).toEqual(['name    value', '------  -----', 'a           1', 'longer  1,000']);
  });

  it('markdown tables escape pipes and mark right-aligned columns', () => {
    expect(formatMarkdownTable(['a', 'b'], [['x|y', '2']], ['left', 'right'])).toBe('| a | b |\n| --- | ---: |\n| x\\|y | 2 |');
  });
});

describe('metrics in the results table', () => {
  const results: MeasurementResult[] = [
    {
      id: 'ingest',
      n: 2,
      title: 'ingest',
      metrics: [metric('a', 'throughput', 12.345, 'MB/s'), metric('b', 'ratio to (1)', 0.05, 'x', { target: { op: '>=', value: 0.25, unit: 'x' } })],
      details: {},
    },
    { id: 'export', n: 8, title: 'export', metrics: [notMeasured('c', 'export records/s', 'export not built yet')], details: {} },
    { id: 'live', n: 6, title: 'live', metrics: [], details: {}, error: 'devlog start exited\nmore' },
  ];

  it('checks targets when the metric is made', () => {
    expect(results[0]!.metrics[1]!.check).toMatchObject({ mark: 'short', text: 'SHORT 5.0x' });
    expect(formatValue(results[0]!.metrics[0]!)).toBe('12.3 MB/s');
    expect(formatValue(results[1]!.metrics[0]!)).toBe('n/a (export not built yet)');
  });

  it('numbers each item once and says when an item failed', () => {
    const lines = renderTextTable(results).split('\n');
    expect(lines[0]).toMatch(/^#\s+measurement\s+result\s+target\s+mark$/);
    expect(lines[2]).toMatch(/^2\s+throughput\s+12\.3 MB\/s$/);
    expect(lines[3]).toMatch(/^\s+ratio to \(1\)\s+0\.050x\s+>= 0\.25x\s+SHORT 5\.0x$/);
    expect(lines[4]).toMatch(/^8\s+export records\/s\s+n\/a \(export not built yet\)$/);
    expect(lines[5]).toMatch(/^6\s+live\s+failed: devlog start exited$/);
    expect(renderMarkdownTable(results).split('\n')).toHaveLength(2 + 4);
  });
});
