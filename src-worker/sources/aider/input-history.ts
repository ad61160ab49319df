/**
 * `.aider.input.history` (prompt_toolkit's FileHistory, beside the chat history): every input the
 * user submitted, as `# 2025-10-23 17:05:03.519792` (local time) followed by the input's lines,
 * each prefixed `+`. Aider writes it when the input is submitted, before the chat history gets
 * the `####` lines, so it gives each prompt its time, which the chat history does not record.
 */
import fs from 'node:fs';

export interface InputEntry {
  /** ISO-8601 UTC (read as this machine's local time). */
  time: string;
  /** The input's lines joined by '\n', each without trailing spaces. */
  text: string;
}

const STAMP = /^# (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s*$/;

export function parseInputHistory(content: string): InputEntry[] {
  const entries: InputEntry[] = [];
  let current: { time: string; lines: string[] } | undefined;
  const close = () => {
    if (current) entries.push({ time: current.time, text: normalizeInput(current.lines) });
    current = undefined;
  };
  for (const raw of content.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = STAMP.exec(line);
    if (m) {
      close();
      const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
      const local = new Date(y, mo - 1, d, h, mi, s, ms);
      if (!Number.isNaN(local.getTime())) current = { time: local.toISOString(), lines: [] };
    } else if (current && line.startsWith('+')) {
      current.lines.push(line.slice(1));
    }
  }
  close();
  return entries;
}

/** Lines as both files write them comparable: trailing spaces (Markdown breaks) and blank ends dropped. */
export function normalizeInput(lines: string[]): string {
  return lines
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

/** Parsed input histories by path, re-read only when the file changed (the parser runs once per piece). */
const cache = new Map<string, { size: number; mtimeMs: number; entries: InputEntry[] }>();

export function readInputHistory(file: string): InputEntry[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    cache.delete(file);
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.entries;
  let entries: InputEntry[];
  try {
    entries = parseInputHistory(fs.readFileSync(file, 'utf8'));
  } catch {
    entries = [];
  }
  cache.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, entries });
  return entries;
}

/** The first input with this text at or after `from` (ISO), if the history has it. */
export function inputTime(entries: InputEntry[], text: string, from: string): string | undefined {
  return entries.find((e) => e.time >= from && e.text === text)?.time;
}
