/** Caps on what goes into the searchable tables; the raw record keeps the full original. */
export const MAX_TOOL_RESULT_CHARS = 64 * 1024;
export const MAX_TOOL_INPUT_CHARS = 64 * 1024;
export const MAX_CONTENT_CHARS = 256 * 1024;
export const MAX_TITLE_CHARS = 200;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… [truncated ${text.length - max} characters]`;
}

/** JSON for a column, capped: a giant structure is kept as a truncated string instead. */
export function jsonColumn(value: unknown, max: number): string | null {
  if (value === undefined) return null;
  const json = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  if (json === undefined) return null;
  return json.length <= max ? json : JSON.stringify(truncate(json, max));
}
