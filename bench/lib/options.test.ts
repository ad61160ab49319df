import { describe, expect, it } from 'vitest';
import { MEASUREMENTS, parseOptions, selected } from './options.js';

describe('bench options', () => {
  it('defaults: 300 MB, 3 runs, every measurement, the large file twice the corpus', () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({ sizeMb: 300, runs: 3, largeMb: 600, searchMessages: 1_000_000, liveAppends: 200, idleSeconds: 30 });
    expect(selected(o)).toEqual([...MEASUREMENTS]);
  });

  it('--size scales the large file unless --large-mb says otherwise; --flag=value works', () => {
    expect(parseOptions(['--size', '50']).largeMb).toBe(100);
    expect(parseOptions(['--size=50', '--large-mb=600']).largeMb).toBe(600);
  });

  it('--only and --skip pick measurements, in the issue order', () => {
    expect(selected(parseOptions(['--only', 'search,ingest']))).toEqual(['ingest', 'search']);
    expect(selected(parseOptions(['--skip', 'live,large-file']))).not.toContain('live');
  });

  it('rejects unknown options, measurements and bad numbers', () => {
    expect(() => parseOptions(['--sise', '3'])).toThrow(/unknown option --sise/);
    expect(() => parseOptions(['--only', 'ingets'])).toThrow(/unknown measurement "ingets"/);
    expect(() => parseOptions(['--runs', '0'])).toThrow(/positive whole number/);
    expect(() => parseOptions(['--runs'])).toThrow(/got nothing/);
  });
});
