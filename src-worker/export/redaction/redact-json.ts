import { redactionMark } from './kinds.js';
import { redactInto, type RedactionCounts } from './redact-text.js';
import { isAwsSecretName, isAwsSecretValue, isPasswordName, isSecretValue } from './values.js';

/**
 * A string value under a JSON key: the key can say what the value is (`"password": "…"`,
 * `"SecretAccessKey": "…"`), which the value alone cannot; otherwise the value is text.
 */
export function redactStringValue(key: string | null, value: string, counts: RedactionCounts): string {
  if (key !== null) {
    if (isAwsSecretName(key) && isAwsSecretValue(value)) {
      counts['aws-secret-key']++;
      return redactionMark('aws-secret-key');
    }
    if (isPasswordName(key) && isSecretValue(value)) {
      counts['password-assignment']++;
      return redactionMark('password-assignment');
    }
  }
  return redactInto(value, counts);
}

/**
 * Redacts the strings of a parsed JSON value (message content, session extra), keys left as
 * they are. Numbers, booleans and null are never touched. Returns `value` itself when nothing
 * changed; never modifies it.
 */
export function redactJsonValue(value: unknown, counts: RedactionCounts, key: string | null = null): unknown {
  if (typeof value === 'string') return redactStringValue(key, value, counts);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = redactJsonValue(item, counts, null);
      if (next !== item) (copy ??= value.slice())[i] = next;
    });
    return copy ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> | undefined;
    for (const [k, item] of Object.entries(value)) {
      const next = redactJsonValue(item, counts, k);
      if (next !== item) (copy ??= { ...value })[k] = next;
    }
    return copy ?? value;
  }
  return value;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Index of the closing quote of the string literal opening at `open`. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  for (;;) {
    let backslashes = 0;
    while (text[at - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
}

/**
 * Redacts JSON text in place: only string literals that hold a secret change (re-encoded with
 * JSON.stringify), so the text stays valid JSON with its formatting, key order and numbers
 * exactly as they were (a re-serialization would round large integers). `text` must be valid JSON.
 */
function redactValidJson(text: string, counts: RedactionCounts): string {
  let out = '';
  let done = 0;
  let key: string | null = null;
  let open = text.indexOf('"');
  while (open >= 0) {
    const close = closingQuote(text, open);
    const literal = text.slice(open, close + 1);
    const value = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
    let next = close + 1;
    while (WHITESPACE.has(text[next]!)) next++;
    if (text[next] === ':') {
      key = value; // a key: its value may follow
    } else {
      let prev = open - 1;
      while (WHITESPACE.has(text[prev]!)) prev--;
      const redacted = redactStringValue(text[prev] === ':' ? key : null, value, counts);
      if (redacted !== value) {
        out += text.slice(done, open) + JSON.stringify(redacted);
        done = close + 1;
      }
    }
    open = text.indexOf('"', close + 1);
  }
  return done === 0 ? text : out + text.slice(done);
}

/**
 * A tool input or result as the store keeps it: JSON text (redacted literal by literal, keeping
 * it valid JSON) or plain text.
 */
export function redactJsonOrText(text: string, counts: RedactionCounts): string {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[' || first === '"') {
    try {
      JSON.parse(text);
    } catch {
      return redactInto(text, counts);
    }
    return redactValidJson(text, counts);
  }
  return redactInto(text, counts);
}
