/**
 * Tiny readers for untyped JSON. Agent files change shape between versions, so every field is
 * read defensively. Shared by the VS Code-family adapters (Copilot Chat, Cursor; Cline next).
 */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, or undefined. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Epoch milliseconds (number or numeric string) or an ISO string → ISO-8601 UTC.
 * Undefined for anything else, including absurd dates.
 */
export function toIsoTime(value: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{10,}$/.test(value)) ms = Number(value);
  else if (typeof value === 'string' && value !== '') ms = Date.parse(value);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Text of a string or of a VS Code IMarkdownString ({ value }). */
export function markdownText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.value === 'string') return value.value;
  return undefined;
}

/** Parses a JSON string if it is one; otherwise returns the value unchanged. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

/** Results as text: strings stay, anything else is serialized. */
export function resultText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
