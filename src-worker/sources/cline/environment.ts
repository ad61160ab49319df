/**
 * Cline appends `<environment_details>` to each user turn of the API history. Two of its
 * sections are facts devlog has nowhere else in that file: the working directory (the task's
 * workspace) and the current time (when the turn was sent).
 */

export const ENVIRONMENT_PREFIX = '<environment_details>';

/** `# Current Working Directory (/home/me/app) Files` → `/home/me/app`. */
export function workingDirectory(text: string): string | undefined {
  const m = /^# Current Working Directory \((.+)\) Files\s*$/m.exec(text);
  return m?.[1]?.trim() || undefined;
}

/**
 * `# Current Time` then a line like `1/22/2026, 3:48:00 AM (UTC, UTC+0:00)` or
 * `22/01/2026, 15:48:00 (Europe/Berlin, UTC+1:00)`: a locale date with the zone offset last.
 * Read only in the US month/day order the extension writes with its default locale, and only when
 * the offset is there, so a wrong guess never becomes a wrong time.
 */
export function currentTime(text: string): string | undefined {
  const m = /^# Current Time\s*\n\s*(\d{1,2})\/(\d{1,2})\/(\d{4}),\s*(\d{1,2}):(\d{2}):(\d{2})\s*(AM|PM)?[^\n]*UTC([+-])(\d{1,2}):(\d{2})\)/m.exec(text);
  if (!m) return undefined;
  const [month, day, year, minute, second] = [m[1], m[2], m[3], m[5], m[6]].map(Number) as [number, number, number, number, number];
  let hour = Number(m[4]);
  if (m[7] === 'PM' && hour < 12) hour += 12;
  if (m[7] === 'AM' && hour === 12) hour = 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return undefined;
  const offsetMinutes = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
