/** Aligned text tables for the human output of the read commands. */

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** Which end to cut when the column must shrink: 'end' for titles, 'start' keeps a path's tail. */
  cut?: 'end' | 'start';
  /** Never shrink below this (default: the header's width, at least 4). */
  minWidth?: number;
}

/** Display width, ignoring ANSI styles (the snippets may be bold). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

export function truncate(text: string, width: number, cut: 'end' | 'start' = 'end'): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, width).join('');
  return cut === 'start' ? `…${chars.slice(chars.length - width + 1).join('')}` : `${chars.slice(0, width - 1).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Removes line breaks and tabs, which would break a row. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Renders rows as an aligned table no wider than maxWidth: while too wide, the widest column
 * that can still shrink loses a character. Undefined maxWidth (not a terminal) never cuts.
 */
export function renderTable<T>(rows: T[], columns: Column<T>[], maxWidth?: number): string[] {
  const gap = 2;
  const cells = rows.map((row) => columns.map((c) => oneLine(c.value(row))));
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...cells.map((r) => visibleLength(r[i]!))));
  const mins = columns.map((c) => c.minWidth ?? Math.max(4, visibleLength(c.header)));
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  if (maxWidth !== undefined) {
    while (total() > maxWidth) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        if (widths[i]! > mins[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      }
      if (widest < 0) break;
      widths[widest]!--;
    }
  }
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(truncate(v, widths[i]!, columns[i]!.cut), widths[i]!, columns[i]!.align ?? 'left'))
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)];
}

/** The terminal's width when stdout is one; undefined when piped (then nothing is cut). */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns || 100 : undefined;
}

/** 1234567 -> "1.2M": token counts stay readable in a narrow column. */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  const units: Array<[number, string]> = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 100 ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')}${unit}`;
    }
  }
  return String(n);
}

/** "2025-06-10 14:36" in local time, or "-" when unknown. */
export function localTime(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
