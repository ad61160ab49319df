/**
 * Parses every JSON value in a text that should hold one: real Claude Code files sometimes
 * have two objects on one line with no newline between them (`...}{"type":"summary",...}`).
 * Returns the values in order, or the error for the part that would not parse.
 */
export function parseJsonValues(text: string): { values: unknown[]; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { values: [] };
  try {
    return { values: [JSON.parse(trimmed)] };
  } catch (firstError) {
    const values: unknown[] = [];
    let start = 0;
    while (start < trimmed.length) {
      const end = endOfValue(trimmed, start);
      if (end < 0) return { values, error: (firstError as Error).message };
      try {
        values.push(JSON.parse(trimmed.slice(start, end)));
      } catch (err) {
        return { values, error: (err as Error).message };
      }
      start = end;
      while (start < trimmed.length && /\s/.test(trimmed[start]!)) start++;
    }
    return { values };
  }
}

/** Index just past the object/array starting at `start`, tracking strings; -1 if it never closes. */
function endOfValue(text: string, start: number): number {
  const open = text[start];
  if (open !== '{' && open !== '[') return -1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
