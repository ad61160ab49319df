/**
 * Ids as the store keeps them. SQLite turns a lone surrogate into bytes that read back as
 * U+FFFD (two such ids come back equal, and a lookup by the id read back finds nothing), and NUL
 * ends text in SQL functions and in PostgreSQL. So an id that is not well-formed UTF-16 or holds
 * a NUL is stored escaped: MARK, then the id with `\` doubled and each such code unit as `\uXXXX`.
 * Every other id is stored exactly as the agent wrote it (the usual case, and what earlier builds
 * stored); an id that itself starts with MARK is escaped too, so no two ids ever share a form.
 */
const MARK = '\uFFFF';
// eslint-disable-next-line no-control-regex -- NUL is one of the units being looked for
const NEEDS_ESCAPE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- as above
const ESCAPED_UNIT = /\\|\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storedId(id: string): string {
  if (!NEEDS_ESCAPE.test(id) && !id.startsWith(MARK)) return id;
  return MARK + id.replace(ESCAPED_UNIT, (unit) => (unit === '\\' ? '\\\\' : `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The id the agent wrote, from its stored form. */
export function nativeIdOf(stored: string): string {
  if (!stored.startsWith(MARK)) return stored;
  return stored.slice(MARK.length).replace(/\\(\\|u([0-9a-f]{4}))/g, (_, escape: string, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : escape));
}

/** The stored form of an optional id. */
export function storedOptionalId(id: string | undefined): string | undefined {
  return id === undefined ? undefined : storedId(id);
}
