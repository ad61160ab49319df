import { REDACTION_KINDS, RULES, type RedactionKind } from './kinds.js';

export type RedactionCounts = Record<RedactionKind, number>;

export function zeroCounts(): RedactionCounts {
  return Object.fromEntries(REDACTION_KINDS.map((k) => [k, 0])) as RedactionCounts;
}

/** All rules as alternatives of one regex: one pass over the text finds every kind. */
export const COMBINED_SOURCE = RULES.map((rule, i) => `(?<r${i}>${rule.pattern})`).join('|');
const COMBINED = new RegExp(COMBINED_SOURCE, 'g');
const GROUP_NAMES = RULES.map((_, i) => `r${i}`);

/**
 * Replaces every secret in `text` by `[REDACTED:kind]`, adding to `counts`. Returns `text`
 * itself when nothing was found. A candidate a rule turns down (a near miss) is skipped by one
 * character only, so it can never hide a real secret that starts inside it.
 */
export function redactInto(text: string, counts: RedactionCounts): string {
  const re = COMBINED;
  re.lastIndex = 0;
  let out = '';
  let done = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const groups = m.groups!;
    const i = GROUP_NAMES.findIndex((name) => groups[name] !== undefined);
    const rule = RULES[i]!;
    const replacement = rule.replace(m);
    if (replacement === null) {
      re.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(done, m.index) + replacement;
    done = m.index + m[0].length;
    counts[rule.kind]++;
  }
  return done === 0 ? text : out + text.slice(done);
}

/** Redacts one text: deterministic, never changes anything but the secrets themselves. */
export function redactText(text: string): { text: string; counts: RedactionCounts } {
  const counts = zeroCounts();
  return { text: redactInto(text, counts), counts };
}
