import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

/**
 * Path globs matched in time linear in the path (times the pattern's size), whatever the
 * pattern. Regex-based matchers (picomatch) backtrack: nine `*` froze the engine for seconds
 * on one workspace. Here the pattern is a small automaton run over the path once, keeping the
 * set of pattern positions still alive (Thompson's construction), so no input can blow it up.
 *
 * Syntax: `*` (within one folder name), `**` as a whole segment (any number of folders), `?`,
 * `[abc]`, `[a-z]`, `[!a]`, and `{a,b}` alternatives. Anything else is literal.
 */

export const MAX_GLOB_LENGTH = 1024;
export const MAX_GLOB_ALTERNATIVES = 64;

type Token =
  | { kind: 'char'; ch: string }
  | { kind: 'one' } // ?: one character, not '/'
  | { kind: 'class'; test: (ch: string) => boolean } // [...]: one character, not '/'
  | { kind: 'star' } // *: any characters but '/'
  | { kind: 'dirs' } // **/: zero or more whole folders
  | { kind: 'any' } // ** elsewhere: anything
  | { kind: 'tail' }; // the '/' of a trailing `/**`, optional: `a/**` matches `a` too

export interface GlobOptions {
  nocase?: boolean;
}

/** Counts the automaton's steps, so a test can show the work is bounded. */
export interface StepCounter {
  steps: number;
}

export interface CompiledGlob {
  /** States of the largest alternative's automaton: the work per path character is at most their sum. */
  readonly stateCount: number;
  matches(input: string, counter?: StepCounter): boolean;
}

function badGlob(glob: string, why: string): DevlogError {
  return new DevlogError(ErrorCodes.BadRequest, `glob "${glob.length > 80 ? glob.slice(0, 80) + '…' : glob}": ${why}`, 'workspace');
}

/** `{a,b}x` -> ['ax', 'bx'], nested braces too; a brace without a comma or a closing '}' is literal. */
function expandBraces(glob: string, pattern: string, out: string[]): void {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '{') continue;
    let depth = 0;
    let end = -1;
    const commas: number[] = [];
    for (let j = i; j < pattern.length; j++) {
      if (pattern[j] === '{') depth++;
      else if (pattern[j] === '}' && --depth === 0) {
        end = j;
        break;
      } else if (pattern[j] === ',' && depth === 1) commas.push(j);
    }
    if (end < 0) break;
    if (commas.length === 0) continue;
    const bounds = [i, ...commas, end];
    for (let k = 0; k < bounds.length - 1; k++) {
      expandBraces(glob, pattern.slice(0, i) + pattern.slice(bounds[k]! + 1, bounds[k + 1]) + pattern.slice(end + 1), out);
    }
    return;
  }
  out.push(pattern);
  if (out.length > MAX_GLOB_ALTERNATIVES) throw badGlob(glob, `more than ${MAX_GLOB_ALTERNATIVES} {a,b} alternatives`);
}

/** `[...]` starting at `start`; undefined when there is no closing ']' (then '[' is literal). */
function parseClass(pattern: string[], start: number): { test: (ch: string) => boolean; end: number } | undefined {
  let i = start + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i++;
  const ranges: [string, string][] = [];
  const first = i;
  for (; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === ']' && i > first) {
      const test = (c: string) => ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negate;
      return { test, end: i };
    }
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      ranges.push([ch, pattern[i + 2]!]);
      i += 2;
    } else ranges.push([ch, ch]);
  }
  return undefined;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const chars = [...pattern]; // By code point, so `?` is one character even outside the BMP.
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i]!;
    if (ch === '/' && i > 0 && i + 3 === chars.length && chars[i + 1] === '*' && chars[i + 2] === '*') {
      tokens.push({ kind: 'tail' }, { kind: 'any' });
      break;
    }
    if (ch === '*') {
      let j = i;
      while (chars[j] === '*') j++;
      const wholeSegment = (i === 0 || chars[i - 1] === '/') && (j === chars.length || chars[j] === '/');
      if (j - i >= 2 && wholeSegment) {
        if (j < chars.length) {
          tokens.push({ kind: 'dirs' });
          i = j + 1; // The '/' after '**' belongs to it: `a/**/b` also matches `a/b`.
        } else {
          tokens.push({ kind: 'any' });
          i = j;
        }
      } else {
        tokens.push({ kind: 'star' }); // `***` inside a name is one `*`.
        i = j;
      }
      continue;
    }
    if (ch === '?') {
      tokens.push({ kind: 'one' });
      i++;
      continue;
    }
    if (ch === '[') {
      const cls = parseClass(chars, i);
      if (cls) {
        tokens.push({ kind: 'class', test: cls.test });
        i = cls.end + 1;
        continue;
      }
    }
    tokens.push({ kind: 'char', ch });
    i++;
  }
  return tokens;
}

/** One alternative as an automaton: state k means "tokens before k are matched". */
class Automaton {
  constructor(private readonly tokens: Token[]) {}

  get stateCount(): number {
    return this.tokens.length + 1;
  }

  /** Adds `state` and every state reachable from it without reading a character. */
  private add(set: Uint8Array, state: number): void {
    if (state > this.tokens.length || set[state]) return;
    set[state] = 1;
    const kind = this.tokens[state]?.kind;
    if (kind === 'star' || kind === 'dirs' || kind === 'any') this.add(set, state + 1);
    else if (kind === 'tail') this.add(set, state + 2); // Skips the slash and the `**` after it.
  }

  matches(chars: string[], counter?: StepCounter): boolean {
    const n = this.tokens.length;
    let current = new Uint8Array(n + 1);
    this.add(current, 0);
    for (const ch of chars) {
      const next = new Uint8Array(n + 1);
      let alive = false;
      for (let s = 0; s < n; s++) {
        if (!current[s]) continue;
        if (counter) counter.steps++;
        const token = this.tokens[s]!;
        switch (token.kind) {
          case 'char':
            if (ch === token.ch) this.add(next, s + 1);
            break;
          case 'one':
            if (ch !== '/') this.add(next, s + 1);
            break;
          case 'class':
            if (ch !== '/' && token.test(ch)) this.add(next, s + 1);
            break;
          case 'star':
            if (ch !== '/') this.add(next, s);
            break;
          case 'any':
            this.add(next, s);
            break;
          case 'dirs':
            this.add(next, s);
            if (ch === '/') this.add(next, s + 1);
            break;
          case 'tail':
            if (ch === '/') this.add(next, s + 1);
            break;
        }
      }
      for (let s = 0; s <= n && !alive; s++) alive = next[s] === 1;
      if (!alive) return false;
      current = next;
    }
    return current[n] === 1;
  }
}

/** Compiles a glob; a pattern too long or with too many alternatives is a clear BadRequest. */
export function compileGlob(glob: string, options: GlobOptions = {}): CompiledGlob {
  if (glob.length > MAX_GLOB_LENGTH) throw badGlob(glob, `too long (${glob.length} characters, at most ${MAX_GLOB_LENGTH})`);
  const source = options.nocase ? glob.toLowerCase() : glob;
  const alternatives: string[] = [];
  expandBraces(glob, source, alternatives);
  const automata = [...new Set(alternatives)].map((alt) => new Automaton(tokenize(alt)));
  return {
    stateCount: automata.reduce((sum, a) => sum + a.stateCount, 0),
    matches(input, counter) {
      const chars = [...(options.nocase ? input.toLowerCase() : input)];
      return automata.some((a) => a.matches(chars, counter));
    },
  };
}
