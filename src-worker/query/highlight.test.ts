import { describe, expect, it } from 'vitest';
import { highlightSnippet, termsOfFtsQuery, termsOfSearch } from './highlight.js';

const marked = (r: ReturnType<typeof highlightSnippet>) => r && r.highlights.map(([a, b]) => r.text.slice(a, b));

describe('highlightSnippet: snippets computed from the query terms', () => {
  it('marks words, phrases and prefixes as the index matches them (case and diacritics folded)', () => {
    const text = 'The Café menu RENDERER\n\n  is split; migrations ran';
    expect(highlightSnippet(text, termsOfSearch('cafe renderer'))).toEqual({ text: 'The Café menu RENDERER is split; migrations ran', highlights: [[4, 8], [14, 22]] });
    expect(marked(highlightSnippet(text, termsOfSearch('"menu renderer"')))).toEqual(['menu RENDERER']);
    expect(marked(highlightSnippet(text, termsOfSearch('migr*')))).toEqual(['migrations']);
    expect(highlightSnippet(text, termsOfSearch('"renderer menu"'))).toBeNull();
  });

  it('cuts a long text to a window around the first match, with elisions', () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    words[120] = 'needle';
    const r = highlightSnippet(words.join(' '), termsOfSearch('needle'))!;
    expect(r.text.startsWith('…w116 w117 w118 w119 needle')).toBe(true);
    expect(r.text.endsWith('…')).toBe(true);
    expect(r.text.split(' ')).toHaveLength(24);
    expect(marked(r)).toEqual(['needle']);
  });

  it('keeps a short text whole and reads raw FTS5 queries for their words', () => {
    expect(highlightSnippet('Write docs for the login flow', termsOfFtsQuery('login OR text:docs NOT x'))).toEqual({
      text: 'Write docs for the login flow',
      highlights: [[6, 10], [19, 24]],
    });
  });
});
