/** Small readers for untrusted JSON values: every field of an agent record may be missing or odd. */
import { createHash } from 'node:crypto';
import path from 'node:path';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite non-negative number, else 0 (token counters). */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** ISO-8601 UTC for a parseable time string; undefined for anything else (fixtures hold placeholders). */
export function toIso(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Only real absolute paths become a workspace (POSIX or Windows). */
export function absolutePath(value: unknown): string | undefined {
  const text = str(value);
  return text && (path.posix.isAbsolute(text) || path.win32.isAbsolute(text)) ? text : undefined;
}

export function shortHash(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** JSON.parse that returns undefined instead of throwing (tool arguments are JSON strings). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
