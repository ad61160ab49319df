// `@eslint-community/regexpp` is ESLint's regex parser (installed with eslint): it reads the
// patterns as an AST, so the bounds below are measured, not eyeballed.
import { parseRegExpLiteral, type AST } from '@eslint-community/regexpp';
import { describe, expect, it } from 'vitest';
import { RULES } from './kinds.js';
import { redactJsonOrText, redactJsonValue } from './redact-json.js';
import { COMBINED_SOURCE, redactText, zeroCounts } from './redact-text.js';

/** The longest text one attempt of this node can consume; Infinity for an unbounded quantifier. */
function maxLength(node: AST.Node): number {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return Math.max(...node.alternatives.map(maxLength));
    case 'Alternative':
      return node.elements.reduce((sum, e) => sum + maxLength(e), 0);
    case 'Quantifier':
      return node.max === 0 ? 0 : node.max * maxLength(node.element);
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
      return 1;
    case 'Assertion':
      // A look-around consumes nothing, but its own scan must be bounded as well.
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') expect(Math.max(...node.alternatives.map(maxLength))).toBeLessThan(100);
      return 0;
    default:
      throw new Error(`unexpected ${node.type} in a redaction pattern (back-references are not allowed)`);
  }
}

function quantifiers(node: AST.Node, out: AST.Quantifier[] = []): AST.Quantifier[] {
  if (node.type === 'Quantifier') out.push(node);
  for (const key of ['alternatives', 'elements', 'element'] as const) {
    const child = (node as unknown as Record<string, AST.Node | AST.Node[] | undefined>)[key];
    for (const c of Array.isArray(child) ? child : child ? [child] : []) quantifiers(c, out);
  }
  return out;
}

describe('the patterns are bounded (no catastrophic backtracking by construction)', () => {
  const pattern = (source: string) => parseRegExpLiteral(new RegExp(source)).pattern;

  it('every quantifier of the combined regex has an upper bound', () => {
    const unbounded = quantifiers(pattern(COMBINED_SOURCE)).filter((q) => q.max === Infinity);
    expect(unbounded.map((q) => q.raw)).toEqual([]);
  });

  it.each(RULES.map((rule) => [rule.kind, rule.pattern] as const))('%s: one candidate is at most a bounded length', (kind, source) => {
    const longest = maxLength(pattern(source));
    // Keys, tokens and assignments are short; only PEM blocks and JWT payloads may be long.
    expect(longest).toBeLessThanOrEqual(kind === 'private-key' || kind === 'jwt' ? 140_000 : 2_000);
  });
});

describe('long adversarial inputs are handled (a backtracking pattern would never finish these)', () => {
  const MB = 1_000_000;
  const repeat = (unit: string) => unit.repeat(Math.ceil(MB / unit.length));

  it.each([
    ['one huge token', 'a'.repeat(MB)],
    ['eyJ with no dots', `eyJ${'A'.repeat(MB)}`],
    ['JWT-shaped parts whose header is not JSON', repeat('eyJhbGci.')],
    ['sk- prefixes', repeat('sk-')],
    ['sk- kebab chains', `sk-${repeat('ab-')}`],
    ['URL-ish runs', repeat('a://b:')],
    ['a URL with a 1 MB password and no host', `http://u:${'p'.repeat(MB)}`],
    ['password names without values', `${repeat('password=')})`],
    ['password assignments without end', `DB_PASSWORD=${'x'.repeat(MB)}`],
    ['quoted password never closed', `password: "${'\\a'.repeat(MB / 2)}`],
    ['AKIA prefixes', repeat('AKIA')],
    ['secret access key names', repeat('aws_secret_access_key=')],
    ['xoxb prefixes', repeat('xoxb-')],
    ['BEGIN lines with no body', repeat('-----BEGIN ')],
    ['dashes', '-'.repeat(MB)],
  ])('%s', (_name, text) => {
    const result = redactText(text);
    expect(result.text.length).toBeGreaterThan(0);
    expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('a million private-key BEGIN lines without END are each redacted once', () => {
    const text = '-----BEGIN PRIVATE KEY-----\n'.repeat(40_000);
    const result = redactText(text);
    expect(result.counts['private-key']).toBe(40_000);
    expect(result.text).toBe('[REDACTED:private-key]'.repeat(40_000));
  });

  it('a private key BEGIN followed by a megabyte without END', () => {
    const result = redactText(`-----BEGIN RSA PRIVATE KEY-----\n${'MIIEow\n'.repeat(MB / 7)}`);
    expect(result.counts['private-key']).toBe(1);
  });

  it('JSON text: escapes, deep nesting and many strings', () => {
    const escapes = JSON.stringify(['\\"'.repeat(MB / 2)]);
    expect(redactJsonOrText(escapes, zeroCounts())).toBe(escapes);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(redactJsonOrText(deep, zeroCounts())).toBe(deep);
    const many = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => ({ password: i % 2 ? 'x' : '', k: 'v' })));
    const counts = zeroCounts();
    expect(JSON.parse(redactJsonOrText(many, counts))).toHaveLength(100_000);
    expect(counts['password-assignment']).toBe(50_000);
  });

  it('parsed content nested 100,000 levels deep is walked without overflowing the stack', () => {
    let content: unknown = { text: 'DB_PASSWORD=hunter22' };
    for (let i = 0; i < 100_000; i++) content = i % 2 ? [content] : { c: content };
    const counts = zeroCounts();
    let out = redactJsonValue(content, counts);
    expect(counts['password-assignment']).toBe(1);
    while (typeof out === 'object' && out !== null && !('text' in out)) out = Array.isArray(out) ? out[0] : (out as { c: unknown }).c;
    expect(out).toEqual({ text: 'DB_PASSWORD=[REDACTED:password-assignment]' });
  });
});
