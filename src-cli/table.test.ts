import { describe, expect, it } from 'vitest';
import { compactNumber, renderTable, truncate, visibleLength } from './table.js';

interface Row {
  id: string;
  path: string;
  title: string;
  n: number;
}

const columns = [
  { header: 'ID', value: (r: Row) => r.id },
  { header: 'PATH', value: (r: Row) => r.path, cut: 'start' as const, minWidth: 8 },
  { header: 'N', value: (r: Row) => String(r.n), align: 'right' as const },
  { header: 'TITLE', value: (r: Row) => r.title, minWidth: 8 },
];
const rows: Row[] = [
  { id: 'a1', path: '/home/dev/code/alpha', title: 'A rather long title that will not fit in a narrow terminal', n: 5 },
  { id: 'b22', path: '/home/dev/code/beta/web', title: 'Short', n: 120 },
];

describe('renderTable', () => {
  it('aligns columns, numbers to the right', () => {
    const lines = renderTable(rows, columns);
    expect(lines[0]).toBe('ID   PATH                       N  TITLE');
    expect(lines[2]).toBe('b22  /home/dev/code/beta/web  120  Short');
  });

  it('fits the width by cutting the widest column first, paths from the start', () => {
    const lines = renderTable(rows, columns, 60);
    for (const line of lines) expect(visibleLength(line)).toBeLessThanOrEqual(60);
    expect(lines[1]).toMatch(/^a1 {3}\/home\/dev\/code\/alpha +5 {2}A rather long title .*…$/);
    const narrow = renderTable(rows, columns, 40);
    expect(narrow[2]).toContain('…code/beta/web');
    for (const line of narrow) expect(visibleLength(line)).toBeLessThanOrEqual(40);
  });

  it('puts rows on one line each', () => {
    expect(renderTable([{ ...rows[0]!, title: 'two\nlines\there' }], columns)[1]).toMatch(/two lines here$/);
  });
});

describe('formatting helpers', () => {
  it('truncates and abbreviates', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4, 'start')).toBe('…def');
    expect(compactNumber(999)).toBe('999');
    expect(compactNumber(1500)).toBe('1.5k');
    expect(compactNumber(22_100_000)).toBe('22.1M');
    expect(compactNumber(150_000)).toBe('150k');
  });
});
