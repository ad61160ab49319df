import { checkTarget, formatNumber, formatTarget, type Target, type TargetCheck } from './targets.js';

/** One number the benchmark reports (a median unless said otherwise), with its target if any. */
export interface Metric {
  key: string;
  label: string;
  /** The median of the samples; null when not measured (then `display` says why). */
  value: number | null;
  unit: string;
  /** Printed instead of value + unit (e.g. "n/a (export not built yet)"). */
  display?: string;
  samples?: number[];
  target?: Target;
  check?: TargetCheck;
  note?: string;
}

export interface MeasurementResult {
  id: string;
  /** The item number in the issue (1-9). */
  n: number;
  title: string;
  metrics: Metric[];
  /** Everything else worth keeping: per-run samples, summaries, profiles. */
  details: Record<string, unknown>;
  error?: string;
  durationMs?: number;
}

export function metric(key: string, label: string, value: number | null, unit: string, extra: Partial<Metric> = {}): Metric {
  const m: Metric = { key, label, value, unit, ...extra };
  if (m.target) m.check = checkTarget(value, m.target);
  return m;
}

/** "n/a" metric: not measured, with the reason as its display text. */
export function notMeasured(key: string, label: string, reason: string, target?: Target): Metric {
  return metric(key, label, null, '', { display: `n/a (${reason})`, ...(target ? { target } : {}) });
}

export function formatValue(m: Metric): string {
  if (m.display !== undefined) return m.display;
  if (m.value === null || Number.isNaN(m.value)) return 'n/a';
  const sep = m.unit === 'x' || m.unit === '%' || m.unit === '' ? '' : ' ';
  return `${formatNumber(m.value)}${sep}${m.unit}`;
}

export type Align = 'left' | 'right';

/** A plain-text table: columns padded to their widest cell; empty trailing cells trimmed. */
export function formatTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub Markdown table; pipes in cells are escaped. */
export function formatMarkdownTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${headers.map(esc).join(' | ')} |`, `| ${headers.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join(' | ')} |`];
  for (const r of rows) out.push(`| ${headers.map((_, i) => esc(r[i] ?? '')).join(' | ')} |`);
  return out.join('\n');
}

const HEADERS = ['#', 'measurement', 'result', 'target', 'mark'];
const ALIGN: Align[] = ['right', 'left', 'right', 'left', 'left'];

/** Rows of the results table: one per metric, the item number on the first row of each item. */
export function resultRows(results: readonly MeasurementResult[]): string[][] {
  const rows: string[][] = [];
  for (const r of results) {
    if (r.error) {
      rows.push([String(r.n), r.title, `failed: ${r.error.split('\n')[0]!.slice(0, 80)}`, '', '']);
      continue;
    }
    r.metrics.forEach((m, i) => {
      rows.push([i === 0 ? String(r.n) : '', m.label, formatValue(m), m.target ? formatTarget(m.target) : '', m.check?.text ?? '']);
    });
  }
  return rows;
}

export function renderTextTable(results: readonly MeasurementResult[]): string {
  return formatTable(HEADERS, resultRows(results), ALIGN);
}

export function renderMarkdownTable(results: readonly MeasurementResult[]): string {
  return formatMarkdownTable(HEADERS, resultRows(results), ALIGN);
}

/** The notes of the metrics, as "label: note" lines printed under the table. */
export function resultNotes(results: readonly MeasurementResult[]): string[] {
  return results.flatMap((r) => r.metrics.filter((m) => m.note).map((m) => `(${r.n}) ${m.label}: ${m.note}`));
}
