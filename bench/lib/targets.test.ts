import { describe, expect, it } from 'vitest';
import { checkTarget, formatNumber, formatTarget } from './targets.js';

describe('checkTarget', () => {
  it('passes a throughput ratio at or above its target, with the headroom factor', () => {
    const r = checkTarget(0.5, { op: '>=', value: 0.25, unit: 'x' });
    expect(r.mark).toBe('pass');
    expect(r.factor).toBeCloseTo(2);
    expect(checkTarget(0.25, { op: '>=', value: 0.25, unit: 'x' }).mark).toBe('pass');
  });

  it('says by what factor a higher-is-better value falls short', () => {
    const r = checkTarget(0.025, { op: '>=', value: 0.25, unit: 'x' });
    expect(r).toMatchObject({ mark: 'short', text: 'SHORT 10x' });
    expect(r.factor).toBeCloseTo(10);
  });

  it('says by how much a lower-is-better value is over, as a percentage when close', () => {
    expect(checkTarget(180, { op: '<', value: 150, unit: 'MB' }).text).toBe('SHORT by 20%');
    expect(checkTarget(150, { op: '<', value: 150, unit: 'MB' }).mark).toBe('short');
    expect(checkTarget(149, { op: '<', value: 150, unit: 'MB' }).mark).toBe('pass');
    expect(checkTarget(2, { op: '<=', value: 2, unit: '%' }).mark).toBe('pass');
    expect(checkTarget(700, { op: '<', value: 100, unit: 'ms' }).text).toBe('SHORT 7.0x');
  });

  it('is n/a when nothing was measured', () => {
    expect(checkTarget(null, { op: '<', value: 1, unit: 'ms' })).toEqual({ mark: 'n/a', text: 'n/a' });
    expect(checkTarget(Number.NaN, { op: '<', value: 1, unit: 'ms' }).mark).toBe('n/a');
  });

  it('handles zero without dividing by it', () => {
    expect(checkTarget(0, { op: '<=', value: 0.5, unit: '%' }).mark).toBe('pass');
    expect(checkTarget(0, { op: '>=', value: 100, unit: 'x' }).text).toBe('SHORT inf');
  });
});

describe('formatting', () => {
  it('numbers keep about three significant digits', () => {
    expect(formatNumber(123456.7)).toBe('123,457');
    expect(formatNumber(312.4)).toBe('312');
    expect(formatNumber(31.24)).toBe('31.2');
    expect(formatNumber(3.124)).toBe('3.12');
    expect(formatNumber(0.02456)).toBe('0.025');
    expect(formatNumber(0)).toBe('0');
  });

  it('targets read like the issue', () => {
    expect(formatTarget({ op: '>=', value: 0.25, unit: 'x' })).toBe('>= 0.25x');
    expect(formatTarget({ op: '<', value: 150, unit: 'MB' })).toBe('< 150 MB');
    expect(formatTarget({ op: '<=', value: 2, unit: '%' })).toBe('<= 2.00%');
  });
});
