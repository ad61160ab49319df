import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const RELATIVE = /^(\d+)\s*([mhdw])$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type TimeBound = 'since' | 'until';

function badTime(flag: TimeBound, value: string, why?: string): DevlogError {
  return new DevlogError(
    ErrorCodes.BadRequest,
    `--${flag}: "${value}" is not a time${why ? ` (${why})` : ''}; use 30m, 12h, 7d, 2w, today, yesterday, or a date like 2025-06-10 or 2025-06-10T14:30`,
    flag,
  );
}

/** Local midnight of a calendar date, or undefined if the date does not exist (2025-02-30). */
function localMidnight(y: number, m: number, d: number): Date | undefined {
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date : undefined;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/**
 * Turns a --since/--until value into an ISO UTC instant comparable with stored times.
 * Relative values count back from now. A date alone is local midnight; for --until it means
 * the END of that day, so `--since 2025-06-10 --until 2025-06-10` is that whole day.
 */
export function parseTimeBound(value: string, flag: TimeBound, now: Date = new Date()): string {
  const text = value.trim();
  const lower = text.toLowerCase();
  const rel = RELATIVE.exec(text);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!).toISOString();
  if (lower === 'today' || lower === 'yesterday') {
    const today = localMidnight(now.getFullYear(), now.getMonth() + 1, now.getDate())!;
    const start = lower === 'today' ? today : addDays(today, -1);
    return (flag === 'until' ? addDays(start, 1) : start).toISOString();
  }
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const day = localMidnight(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
    if (!day) throw badTime(flag, value, 'no such date');
    return (flag === 'until' ? addDays(day, 1) : day).toISOString();
  }
  const dt = DATE_TIME.exec(text);
  if (dt) {
    if (!localMidnight(Number(dt[1]), Number(dt[2]), Number(dt[3])) || Number(dt[4]) > 23 || Number(dt[5]) > 59 || Number(dt[6] ?? 0) > 59) {
      throw badTime(flag, value, 'no such date or time');
    }
    // Date.parse reads a datetime without a zone as local time, which is what the user means.
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(ms)) throw badTime(flag, value);
    return new Date(ms).toISOString();
  }
  throw badTime(flag, value);
}
