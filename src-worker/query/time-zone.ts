import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

/**
 * The time zone this process runs in (honours TZ, as ccusage does). A TZ that ICU cannot name
 * (`:/etc/localtime`, a POSIX rule) leaves JavaScript dates in UTC, and so are our days.
 */
export function currentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** A stretch of time [from, to) in Unix seconds over which the zone's UTC offset (seconds) is constant. */
export interface OffsetSpan {
  from: number;
  to: number;
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      throw new DevlogError(ErrorCodes.BadRequest, `timeZone: unknown time zone "${timeZone}"`, 'timeZone');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in seconds. */
export function offsetAt(timeZone: string, sec: number): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(sec * 1000)).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round(local / 1000 - sec);
}

const spanCache = new Map<string, OffsetSpan[]>();

/**
 * The zone's offsets over [from, to): sampled every 3 days (zones change offset a few times a
 * year at most, never twice within days), each change located to the second. Cached per zone
 * and range, which changes only when new data extends it.
 */
export function offsetSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  const key = `${timeZone}:${from}:${to}`;
  let spans = spanCache.get(key);
  if (!spans) {
    spans = computeSpans(timeZone, from, to);
    if (spanCache.size > 100) spanCache.clear();
    spanCache.set(key, spans);
  }
  return spans;
}

function computeSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  const step = 3 * 86_400;
  const spans: OffsetSpan[] = [];
  let start = from;
  let offset = offsetAt(timeZone, from);
  for (let t = from; t < to; ) {
    const next = Math.min(t + step, to);
    const nextOffset = next < to ? offsetAt(timeZone, next) : offset;
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next; // offset(lo) = offset, offset(hi) = nextOffset
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      spans.push({ from: start, to: hi, offset });
      start = hi;
      offset = nextOffset;
    }
    t = next;
  }
  spans.push({ from: start, to: Math.max(to, start + 1), offset });
  return spans;
}

/**
 * SQL for the local day of `secExpr` (Unix seconds, NULL for no time) as a day number (days
 * since 1970-01-01 on the local calendar; NULL without a time), given the zone's offsets: a CASE
 * over a handful of spans with the values inlined (all integers we computed). Integer arithmetic
 * per row; the few distinct days become dates in JS (`dayNumberToDate`).
 */
export function localDaySql(secExpr: string, spans: OffsetSpan[]): string {
  const arms = spans.slice(0, -1).map((s) => `WHEN ${secExpr} < ${s.to} THEN ${secExpr} + ${s.offset}`);
  const last = spans[spans.length - 1]!.offset;
  const shifted = arms.length ? `CASE ${arms.join(' ')} ELSE ${secExpr} + ${last} END` : `${secExpr} + ${last}`;
  return `((${shifted}) / 86400)`;
}

/** YYYY-MM-DD of a day number from localDaySql ('(none)' for NULL). */
export function dayNumberToDate(day: number | null): string {
  return day === null ? '(none)' : new Date(day * 86_400_000).toISOString().slice(0, 10);
}
