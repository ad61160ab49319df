/**
 * Token counts from agent logs. A count is a whole number from 0 to 2^53-1; anything else (1.5,
 * 1e308, -3, "12", NaN, true) is reported with the field's name and counted as 0, so one odd
 * field costs neither the rest of its record nor the rest of its file (SQLite's STRICT INTEGER
 * columns would otherwise reject the whole commit). A missing field (or null) is simply 0.
 */
export function tokenCount(value: unknown, field: string, report: (reason: string) => void): number {
  if (value === undefined || value === null) return 0;
  if (isTokenCount(value)) return value;
  report(`${field}: ${describe(value)} is not a token count (a whole number from 0 to 2^53-1): counted as 0`);
  return 0;
}

export function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
