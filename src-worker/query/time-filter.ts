import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { currentTimeZone, offsetAt } from './time-zone.js';

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

/** The wall-clock date (y, m, d) of an instant in a zone. */
function dateIn(timeZone: string, ms: number): [number, number, number] {
  const d = new Date(ms + offsetAt(timeZone, Math.floor(ms / 1000)) * 1000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** The instant of a wall-clock time in a zone (the later one, should the clock repeat it). */
function wallClock(timeZone: string, y: number, m: number, d: number, h = 0, min = 0, sec = 0): Date {
  const asUtc = Date.UTC(y, m - 1, d, h, min, sec);
  let guess = asUtc - offsetAt(timeZone, Math.floor(asUtc / 1000)) * 1000;
  guess = asUtc - offsetAt(timeZone, Math.floor(guess / 1000)) * 1000;
  return new Date(guess);
}

/** Whether y-m-d is a real calendar date (not 2025-02-30). */
function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Midnight starting the day `days` after y-m-d, in the zone. */
function midnight(timeZone: string, y: number, m: number, d: number, days = 0): Date {
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return wallClock(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/**
 * Turns a --since/--until value into an ISO UTC instant comparable with stored times.
 * Relative values count back from now. A date alone is midnight in `timeZone` (default: this
 * process's, which honours TZ); for --until it means the END of that day, so
 * `--since 2025-06-10 --until 2025-06-10` is that whole day. A datetime without an offset is
 * wall-clock time in the zone.
 */
export function parseTimeBound(value: string, flag: TimeBound, now: Date = new Date(), timeZone: string = currentTimeZone()): string {
  const text = value.trim();
  const lower = text.toLowerCase();
  const rel = RELATIVE.exec(text);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!).toISOString();
  if (lower === 'today' || lower === 'yesterday') {
    const [y, m, d] = dateIn(timeZone, now.getTime());
    const start = lower === 'today' ? 0 : -1;
    return midnight(timeZone, y, m, d, flag === 'until' ? start + 1 : start).toISOString();
  }
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!realDate(y, m, d)) throw badTime(flag, value, 'no such date');
    return midnight(timeZone, y, m, d, flag === 'until' ? 1 : 0).toISOString();
  }
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const [y, m, d, h, min, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0)) as [number, number, number, number, number, number];
    if (!realDate(y, m, d) || h > 23 || min > 59 || sec > 59) throw badTime(flag, value, 'no such date or time');
    if (dt[7]) {
      const ms = Date.parse(text.replace(' ', 'T'));
      if (Number.isNaN(ms)) throw badTime(flag, value);
      return new Date(ms).toISOString();
    }
    const fraction = /\.(\d+)/.exec(text.slice(16))?.[1];
    return new Date(wallClock(timeZone, y, m, d, h, min, sec).getTime() + (fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0)).toISOString();
  }
  throw badTime(flag, value);
}
