/**
 * Snippets with highlights computed in JS from the query's terms, instead of FTS5 snippet():
 * snippet() runs the whole MATCH again for each row shown, which for a prefix (`migr*`)
 * re-expands every term of the prefix each time (about 25 ms a call at 1M messages).
 * Tokens as the index's tokenizer (unicode61, remove_diacritics 2) makes them: runs of
 * letters and digits, compared lower-cased without diacritics.
 */

/** One term of a query: a phrase of one or more tokens; `prefix` when its last token is a prefix. */
export interface QueryTerm {
  tokens: string[];
  prefix: boolean;
}

const TOKEN = /[\p{L}\p{N}\p{Mn}\p{Co}]+/gu;
/** Tokens of context in a snippet, as SNIPPET_TOKENS for snippet(). */
const WINDOW = 24;
/** Tokens shown before the first match when the text is cut. */
const LEAD = 4;

/** A token as the index compares it. */
export function foldToken(token: string): string {
  // Most tokens are ASCII: lower-casing is all they need (normalize() is the costly part).
  if (!/[^\p{ASCII}]/u.test(token)) return token.toLowerCase();
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

interface Token {
  start: number;
  end: number;
  folded: string;
}

/** True when some term's last token is the last of `tokens`. */
function termEndsHere(tokens: Token[], terms: QueryTerm[]): boolean {
  return terms.some((term) => {
    const n = term.tokens.length;
    if (tokens.length < n) return false;
    for (let k = 0; k < n; k++) {
      const have = tokens[tokens.length - n + k]!.folded;
      const want = term.tokens[k]!;
      if (!(term.prefix && k === n - 1 ? have.startsWith(want) : have === want)) return false;
    }
    return true;
  });
}

/**
 * Tokens of `text` up to WINDOW past the end of the first match, so a 64 KB tool result with
 * an early match is not tokenized whole. `complete` is false when the text goes on.
 */
function tokenize(text: string, terms: QueryTerm[]): { tokens: Token[]; complete: boolean } {
  const tokens: Token[] = [];
  let stopAt = Infinity;
  for (const m of text.matchAll(TOKEN)) {
    if (tokens.length >= stopAt) return { tokens, complete: false };
    const folded = foldToken(m[0]);
    if (!folded) continue;
    tokens.push({ start: m.index, end: m.index + m[0].length, folded });
    if (stopAt === Infinity && termEndsHere(tokens, terms)) stopAt = tokens.length + WINDOW;
  }
  return { tokens, complete: true };
}

/** The terms of a 'words' search (see fts-query.ts): words and "phrases", a trailing * for a prefix. */
export function termsOfSearch(search: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const m of search.trim().matchAll(/"([^"]*)"?|(\S+)/g)) {
    const raw = m[1] ?? m[2]!;
    const prefix = m[2] !== undefined && raw.length > 1 && raw.endsWith('*');
    const tokens = [...raw.matchAll(TOKEN)].map((t) => foldToken(t[0])).filter(Boolean);
    if (tokens.length) terms.push({ tokens, prefix });
  }
  return terms;
}

/** The words of a raw FTS5 query, each highlighted on its own (operators and columns left out). */
export function termsOfFtsQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const bare = query.replace(/\b[A-Za-z_][A-Za-z0-9_]*\s*:/g, ' ').replace(/\b(AND|OR|NOT|NEAR)\b/g, ' ');
  for (const m of bare.matchAll(/([\p{L}\p{N}\p{Mn}\p{Co}]+)(\*)?/gu)) terms.push({ tokens: [foldToken(m[1]!)], prefix: m[2] === '*' });
  return terms;
}

/** [first, last] token indexes of every match of the terms in the token list. */
function matchSpans(tokens: Token[], terms: QueryTerm[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const term of terms) {
      const n = term.tokens.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const want = term.tokens[k]!;
        const have = tokens[i + k]!.folded;
        ok = term.prefix && k === n - 1 ? have.startsWith(want) : have === want;
      }
      if (ok) spans.push([i, i + n - 1]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Overlapping matches become one highlight.
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/**
 * A one-line snippet of `text` around its first match: at most WINDOW tokens, "…" where cut,
 * whitespace runs as one space, highlights as [start, end) offsets into the snippet. Null when
 * no term occurs in the text.
 */
export function highlightSnippet(text: string, terms: QueryTerm[]): { text: string; highlights: Array<[number, number]> } | null {
  const { tokens, complete } = tokenize(text, terms);
  const spans = matchSpans(tokens, terms);
  if (!spans.length) return null;
  const from = tokens.length <= WINDOW ? 0 : Math.max(0, Math.min(spans[0]![0] - LEAD, tokens.length - WINDOW));
  const to = Math.min(tokens.length, from + WINDOW) - 1;
  const sliceStart = from === 0 ? 0 : tokens[from]!.start;
  const last = complete && to === tokens.length - 1;
  const sliceEnd = last ? text.length : tokens[to]!.end;

  let out = from > 0 ? '…' : '';
  const highlights: Array<[number, number]> = [];
  // Walk the kept text once, collapsing whitespace and mapping token offsets into `out`.
  const offsetIn = new Map<number, number>();
  let pendingSpace = false;
  for (let i = sliceStart; i < sliceEnd; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (/\s/.test(ch)) pendingSpace = true;
    else {
      if (pendingSpace && out !== '' && out !== '…') out += ' ';
      pendingSpace = false;
      offsetIn.set(i, out.length);
      out += ch;
    }
    i += ch.length;
  }
  const endOffset = (tokenEnd: number) => {
    // The output offset just past the token's last character.
    for (let j = tokenEnd - 1; j >= 0; j--) {
      const at = offsetIn.get(j);
      if (at !== undefined) return at + String.fromCodePoint(text.codePointAt(j)!).length;
    }
    return out.length;
  };
  for (const [a, b] of spans) {
    if (a < from || b > to) continue;
    const start = offsetIn.get(tokens[a]!.start);
    if (start === undefined) continue;
    highlights.push([start, endOffset(tokens[b]!.end)]);
  }
  if (!last) out += '…';
  return { text: out, highlights };
}
