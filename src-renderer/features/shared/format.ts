import type { TokenTotals } from '../../../src-shared/domain.js';

export { formatBytes, formatCount } from '../../../src-shared/format.js';
export { formatTime } from '../activity/format.js';

/** 1234567 -> "1.2M": columns and chart axes. */
export function formatCompact(n: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function formatUsd(n: number | null): string {
  if (n === null) return 'unknown';
  return new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: n > 0 && n < 1 ? 4 : 2 }).format(n);
}

/** The tokens a user thinks of as "used": everything billed plus reasoning. */
export function totalTokens(t: TokenTotals): number {
  return t.input + t.output + t.cacheRead + t.cacheCreation;
}

/** A short date and time for list rows: today shows only the time. */
export function formatShortTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  // This year: "Nov 3"; before: "11/3/25" (fits the list's column).
  return d.getFullYear() === today.getFullYear() ? d.toLocaleDateString([], { month: 'short', day: 'numeric' }) : d.toLocaleDateString([], { year: '2-digit', month: 'numeric', day: 'numeric' });
}
