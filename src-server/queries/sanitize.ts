// NUL and unpaired surrogates are valid in a JS string but rejected by PostgreSQL text and jsonb.
// Transcripts can hold them (a tool printing a binary file), so they become U+FFFD instead of
// making a whole batch fail forever.
// eslint-disable-next-line no-control-regex
const BAD = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_ALL = new RegExp(BAD.source, 'g');

export function cleanString(s: string): string {
  return BAD.test(s) ? s.replace(BAD_ALL, '\uFFFD') : s;
}

/** A copy of a JSON value with every string (keys too) cleaned. Depth is already capped by the body reader. */
export function cleanJson<T>(value: T): T {
  if (typeof value === 'string') return cleanString(value) as T;
  if (Array.isArray(value)) return value.map(cleanJson) as T;
  if (value && typeof value === 'object') {
    // No prototype: a "__proto__" key (legal JSON) stays an ordinary key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[cleanString(k)] = cleanJson(v);
    return out as T;
  }
  return value;
}
