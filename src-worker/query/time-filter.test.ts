import { describe, expect, it } from 'vitest';
import { DevlogError } from '../../src-shared/errors.js';
import { parseTimeBound } from './time-filter.js';

const now = new Date('2026-11-13T12:00:00.000Z');
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).toISOString();

describe('parseTimeBound', () => {
  it('reads relative times back from now', () => {
    expect(parseTimeBound('7d', 'since', now)).toBe('2026-11-06T12:00:00.000Z');
    expect(parseTimeBound('12h', 'since', now)).toBe('2026-11-13T00:00:00.000Z');
    expect(parseTimeBound('2w', 'since', now)).toBe('2026-10-30T12:00:00.000Z');
    expect(parseTimeBound('30m', 'until', now)).toBe('2026-11-13T11:30:00.000Z');
  });

  it('reads dates as local days; --until includes the whole day', () => {
    expect(parseTimeBound('2026-11-01', 'since', now)).toBe(local(2026, 11, 1));
    expect(parseTimeBound('2026-11-01', 'until', now)).toBe(local(2026, 11, 2));
    expect(parseTimeBound('2026-11-01T14:30', 'since', now)).toBe(local(2026, 11, 1, 14, 30));
    expect(parseTimeBound('2026-11-01T14:30:00Z', 'since', now)).toBe('2026-11-01T14:30:00.000Z');
    expect(parseTimeBound('2026-11-01 14:30+02:00', 'since', now)).toBe('2026-11-01T12:30:00.000Z');
    expect(parseTimeBound('yesterday', 'since', now)).toBe(local(now.getFullYear(), now.getMonth() + 1, now.getDate() - 1));
  });

  it('rejects anything else, naming the flag', () => {
    for (const bad of ['7', 'd7', 'last week', '2026-02-30', '2026-11-01T25:00', '11/01/2026', '']) {
      expect(() => parseTimeBound(bad, 'since', now)).toThrow(DevlogError);
      expect(() => parseTimeBound(bad, 'since', now)).toThrow(/^--since: /);
    }
  });
});
