import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

/** The time zone this process runs in (honours TZ, as ccusage does). */
export function currentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
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

/**
 * The zone's offsets over [from, to): sampled every 6 hours (zones change offset at most a
 * few times a year, never twice within hours), each change located to the second.
 */
export function offsetSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  const step = 6 * 3600;
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
 * SQL for the local day (YYYY-MM-DD) of `secExpr` (Unix seconds, NULL for no time), given the
 * zone's offsets: a CASE over a handful of spans, inlined (all values are integers we computed).
 */
export function localDaySql(secExpr: string, spans: OffsetSpan[]): string {
  const arms = spans.slice(0, -1).map((s) => `WHEN ${secExpr} < ${s.to} THEN ${secExpr} + ${s.offset}`);
  const shifted = `CASE ${arms.join(' ')} ELSE ${secExpr} + ${spans[spans.length - 1]!.offset} END`;
  return `CASE WHEN ${secExpr} IS NULL THEN '(none)' ELSE date(${arms.length ? shifted : `${secExpr} + ${spans[0]!.offset}`}, 'unixepoch') END`;
}
