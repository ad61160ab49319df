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

type Container = Record<string, unknown> | unknown[];

/** One object or array being walked: its keys, the next one to do, and its copy once something changed. */
interface Frame {
  node: Container;
  keys: string[];
  next: number;
  copy: Container | undefined;
}

const frame = (node: Container): Frame => ({ node, keys: Object.keys(node), next: 0, copy: undefined });

/** Records the redacted value of the frame's current key, copying the container on its first change. */
function settle(f: Frame, value: unknown): void {
  const key = f.keys[f.next++]!;
  if (value === (f.node as Record<string, unknown>)[key]) return;
  f.copy ??= Array.isArray(f.node) ? f.node.slice() : { ...f.node };
  (f.copy as Record<string, unknown>)[key] = value;
}

/**
 * Redacts the strings of a parsed JSON value (message content, session extra), keys left as
 * they are. Numbers, booleans and null are never touched. Returns `value` itself when nothing
 * changed; never modifies it. Walks with its own stack: content nested thousands of levels deep
 * must not overflow the call stack (and stop an export).
 */
export function redactJsonValue(value: unknown, counts: RedactionCounts, key: string | null = null): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? redactStringValue(key, value, counts) : value;
  const stack: Frame[] = [frame(value as Container)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.keys.length) {
      const k = top.keys[top.next]!;
      const item = (top.node as Record<string, unknown>)[k];
      if (typeof item === 'object' && item !== null) stack.push(frame(item as Container));
      else settle(top, typeof item === 'string' ? redactStringValue(Array.isArray(top.node) ? null : k, item, counts) : item);
      continue;
    }
    stack.pop();
    const done = top.copy ?? top.node;
    if (stack.length === 0) return done;
    settle(stack[stack.length - 1]!, done);
  }
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
