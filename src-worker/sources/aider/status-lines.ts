/**
 * What Aider's `> ` status lines say (aider/io.py writes them; base_coder.py words them):
 * the session banner (version, model) and the per-response token report.
 */

/** `# aider chat started at 2025-10-20 21:49:17` (local time, no zone). */
const SESSION_HEADER = /^# aider chat started at (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\s*$/;

export interface SessionHeader {
  /** ISO-8601 UTC, read as this machine's local time (Aider writes no zone). */
  startedAt: string;
  /** The local time as written, digits only (20251020T214917): part of the session id. */
  stamp: string;
}

export function sessionHeader(line: string): SessionHeader | undefined {
  const m = SESSION_HEADER.exec(line);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const local = new Date(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(local.getTime())) return undefined;
  return { startedAt: local.toISOString(), stamp: `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}` };
}

/** `Aider v0.86.1` */
export function bannerVersion(status: string): string | undefined {
  return /^Aider v(\S+)$/.exec(status)?.[1];
}

/** `Main model: gemini/x with diff edit format, …` (newer) or `Model: x with … edit format` (older). */
export function bannerModel(status: string): string | undefined {
  return /^(?:Main model|Model): (\S+)(?: with |$)/.exec(status)?.[1];
}

export interface TokenReport {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  /** Dollars this response cost, as Aider reported it. */
  messageCost?: number;
  /** Dollars the session has cost so far. */
  sessionCost?: number;
}

/**
 * `Tokens: 3.7k sent, 1.2k cache write, 2.0k cache hit, 1.5k received. Cost: $0.0020 message, $0.0029 session.`
 * Counts are rounded by Aider (format_tokens: 999, 1.2k, 12k, 1.5M), so they are approximate.
 */
export function tokenReport(status: string): TokenReport | undefined {
  const m = /^Tokens: (.+?)\.(?:\s+Cost: (.+?)\.?)?$/.exec(status);
  if (!m) return undefined;
  const report: TokenReport = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  const fields: Record<string, keyof TokenReport> = { sent: 'input', received: 'output', 'cache hit': 'cacheRead', 'cache write': 'cacheCreation' };
  for (const part of m[1]!.split(',')) {
    const field = /^\s*(\d+(?:\.\d+)?)([kKmM]?) (sent|received|cache hit|cache write)\s*$/.exec(part);
    if (!field) return undefined;
    report[fields[field[3]!]!] = scaled(field[1]!, field[2]!);
  }
  const message = /\$([\d.]+) message/.exec(m[2] ?? '');
  const session = /\$([\d.]+) session/.exec(m[2] ?? '');
  if (message) report.messageCost = Number(message[1]);
  if (session) report.sessionCost = Number(session[1]);
  return report;
}

function scaled(digits: string, suffix: string): number {
  const factor = suffix === 'k' || suffix === 'K' ? 1_000 : suffix === 'm' || suffix === 'M' ? 1_000_000 : 1;
  return Math.round(Number(digits) * factor);
}

/** `Applied edit to src/app.py` */
export function appliedEdit(status: string): string | undefined {
  return /^Applied edit to (.+)$/.exec(status)?.[1];
}

/** `Commit a5caaed feat: make the title casual` */
export function commitLine(status: string): { sha: string; message: string } | undefined {
  const m = /^Commit ([0-9a-f]{7,40}) (.*)$/.exec(status);
  return m ? { sha: m[1]!, message: m[2]! } : undefined;
}
