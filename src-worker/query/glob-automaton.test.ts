import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, MAX_GLOB_LENGTH, type StepCounter } from './glob-automaton.js';
import { workspaceMatcher } from './workspace-glob.js';

const PATTERNS = [
  '/home/dev/code/**', '/home/dev/code', '/home/*/code', '/home/**/web', '**/web', '**', '*', '/home/dev/*', '/home/dev/a*p',
  '/home/dev/{app,api}', '/home/dev/{app,a{pi,x}}/**', '/home/dev/ap?', '/home/dev/[a-c]pp', '/home/dev/[^a]pp', '/h*e/**/w?b',
  '/home/dev/.hidden/*', '/home/dev/**/.git', '/home/dev/app/**/**/web', '/ho[me', '/home/dev/{app', '/home/dev/x}',
];
const PATHS = [
  '/home/dev/code', '/home/dev/code/web', '/home/dev/code/a/b/web', '/home/dev/app', '/home/dev/api', '/home/dev/apx', '/home/dev/bpp',
  '/home/dev/.hidden/x', '/home/dev/x/.git', '/home/web', '/web', 'web', '/home/dev/app/web', '/home/dev/app/x/web', '/home/dev/ap',
  '/ho[me', '/home/dev/{app', '/home/dev/x}', '/home/dev/appx', '/h/e/w/b',
];

describe('compileGlob', () => {
  it('agrees with picomatch on ordinary patterns', () => {
    const differences: string[] = [];
    for (const pattern of PATTERNS) {
      const ours = compileGlob(pattern);
      const reference = picomatch(pattern, { dot: true });
      for (const p of PATHS) if (ours.matches(p) !== reference(p)) differences.push(`${pattern} vs ${p}: ours ${ours.matches(p)}`);
    }
    expect(differences).toEqual([]);
  });

  it('matches nine stars in steps linear in the path (picomatch took seconds)', () => {
    const glob = compileGlob('*a'.repeat(9) + 'b');
    for (const length of [60, 600, 6000]) {
      const counter: StepCounter = { steps: 0 };
      expect(glob.matches('a'.repeat(length), counter)).toBe(false);
      expect(counter.steps).toBeLessThanOrEqual(length * glob.stateCount);
    }
    const counter: StepCounter = { steps: 0 };
    expect(compileGlob('/**/'.repeat(9) + 'z').matches('/x'.repeat(3000) + '/y', counter)).toBe(false);
    expect(counter.steps).toBeLessThanOrEqual(6002 * 20);
  });

  it('refuses an overlong pattern or one with too many alternatives, saying why', () => {
    expect(() => compileGlob('a'.repeat(MAX_GLOB_LENGTH + 1))).toThrow(`glob "${'a'.repeat(80)}…": too long (1025 characters, at most 1024)`);
    expect(() => compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}')).toThrow(/more than 64 \{a,b\} alternatives/);
  });

  it('compares case-insensitively when asked (macOS, Windows)', () => {
    expect(compileGlob('/Users/Dev/[a-c]*', { nocase: true }).matches('/users/dev/Api')).toBe(true);
    expect(compileGlob('/Users/Dev/*').matches('/users/dev/api')).toBe(false);
  });
});

describe('workspaceMatcher', () => {
  it('keeps its meaning: ~, a folder and what is below it, a bare name against the folder name', () => {
    const under = workspaceMatcher('~/code/app', '/home/dev');
    expect(['/home/dev/code/app', '/home/dev/code/app/web', '/home/dev/code/app/'].map(under)).toEqual([true, true, true]);
    expect(under('/home/dev/code/apple')).toBe(false);
    const byName = workspaceMatcher('api-*', '/home/dev');
    expect(['/srv/api-gateway', '/srv/web', '/srv/api-gateway/sub'].map(byName)).toEqual([true, false, false]);
    expect(compileGlob('/srv/[!a]pi').matches('/srv/bpi')).toBe(true);
    expect(compileGlob('/srv/[!a]pi').matches('/srv/api')).toBe(false);
    expect(workspaceMatcher('/', '/home/dev')('/anything/at/all')).toBe(true);
    expect(workspaceMatcher('*a'.repeat(9) + 'b', '/home/dev')('/' + 'a'.repeat(200))).toBe(false);
  });
});
