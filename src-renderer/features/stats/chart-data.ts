import type { StatsResult } from '../../../src-shared/contract/index.js';
import { totalTokens } from '../shared/format.js';

/** At most this many models get their own colour; the rest are summed as "other". */
const MAX_MODELS = 6;

export const OTHER = 'other';

/** Rows for a stacked bar chart: one per day, one key per model (the top models, then "other"). */
export function tokensPerDayByModel(byDay: StatsResult): { rows: Array<Record<string, number | string>>; models: string[] } {
  const totals = new Map<string, number>();
  for (const day of byDay.groups) for (const m of day.byModel ?? []) totals.set(m.model, (totals.get(m.model) ?? 0) + totalTokens(m.tokens));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m);
  const shown = ranked.slice(0, MAX_MODELS);
  const models = ranked.length > MAX_MODELS ? [...shown, OTHER] : shown;
  const rows = byDay.groups.map((day) => {
    const row: Record<string, number | string> = { day: day.key };
    for (const m of models) row[m] = 0;
    for (const part of day.byModel ?? []) {
      const key = shown.includes(part.model) ? part.model : OTHER;
      row[key] = (row[key] as number) + totalTokens(part.tokens);
    }
    return row;
  });
  return { rows, models };
}

/** A palette that reads on light and dark backgrounds. */
export const SERIES_COLOURS = ['#3b6df2', '#1f9d57', '#c98a00', '#d0343a', '#8e44ad', '#0fa3b1', '#7f8c8d'];
