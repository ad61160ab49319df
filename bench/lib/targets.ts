/** A target from the issue, and how a measured value compares with it. */
export interface Target {
  op: '>=' | '<=' | '<' | '>';
  value: number;
  /** Unit as printed after the number ("x", "ms", "MB", "%"). */
  unit: string;
}

export type Mark = 'pass' | 'short' | 'n/a';

export interface TargetCheck {
  mark: Mark;
  /**
   * How far from the target: for a miss, the factor by which the value must improve
   * (e.g. 3.2 = "3.2x short"); for a pass, the headroom factor (>= 1). Undefined for n/a.
   */
  factor?: number;
  /** One short human line: "pass", "short 3.2x", "n/a". */
  text: string;
}

export function formatTarget(t: Target): string {
  return `${t.op} ${formatNumber(t.value)}${t.unit === 'x' || t.unit === '%' ? '' : ' '}${t.unit}`;
}

/** Compares a value with its target; null/NaN values are n/a (not measured). */
export function checkTarget(value: number | null | undefined, target: Target): TargetCheck {
  if (value === null || value === undefined || Number.isNaN(value)) return { mark: 'n/a', text: 'n/a' };
  const higherIsBetter = target.op === '>=' || target.op === '>';
  const pass =
    target.op === '>=' ? value >= target.value : target.op === '>' ? value > target.value : target.op === '<=' ? value <= target.value : value < target.value;
  // Factor of improvement needed (miss) or headroom (pass). A zero value cannot be "short" by a factor.
  let factor: number;
  if (higherIsBetter) factor = value > 0 ? target.value / value : Infinity;
  else factor = target.value > 0 ? value / target.value : value > 0 ? Infinity : 1;
  if (pass) {
    const headroom = factor > 0 ? 1 / factor : Infinity;
    return { mark: 'pass', factor: headroom, text: 'pass' };
  }
  return { mark: 'short', factor, text: `SHORT ${formatFactor(factor)}` };
}

function formatFactor(f: number): string {
  if (!Number.isFinite(f)) return 'inf';
  // Close misses read better as percentages ("12% over"), far ones as factors ("17x").
  if (f < 2) return `by ${Math.round((f - 1) * 100)}%`;
  return `${f >= 10 ? Math.round(f) : f.toFixed(1)}x`;
}

/** Numbers with sensible precision for a table: 3 significant digits, thousands separated. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  if (abs === 0) return '0';
  return n.toPrecision(2);
}
