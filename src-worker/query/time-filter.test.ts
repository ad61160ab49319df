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

  it('reads dates and wall-clock times in the given zone (+5:30, +5:45, a DST day)', () => {
    expect(parseTimeBound('2026-11-01', 'since', now, 'Asia/Kolkata')).toBe('2026-10-31T18:30:00.000Z');
    expect(parseTimeBound('2026-11-01T14:30', 'since', now, 'Asia/Kathmandu')).toBe('2026-11-01T08:45:00.000Z');
    expect(parseTimeBound('2026-03-08', 'since', now, 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(parseTimeBound('2026-03-08', 'until', now, 'America/New_York')).toBe('2026-03-09T04:00:00.000Z'); // 23-hour day
    expect(parseTimeBound('today', 'since', new Date('2026-11-13T20:00:00.000Z'), 'Asia/Kolkata')).toBe('2026-11-13T18:30:00.000Z');
    expect(parseTimeBound('2026-11-01T14:30:00Z', 'since', now, 'Asia/Kolkata')).toBe('2026-11-01T14:30:00.000Z');
  });
});
