import fs from 'node:fs';

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

/**
 * Self time per function, heaviest first. Time inside native code (SQLite through
 * better-sqlite3, zlib, hashing) is charged to the JavaScript function that called it, which is
 * what makes e.g. `writeMessage` stand for "SQLite inserting a message row and its FTS triggers".
 */
export function hotFunctions(profile: CpuProfile, top = 15): { totalMs: number; functions: HotFunction[] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]!);
    if (!node) continue;
    const cf = node.callFrame;
    const name = cf.functionName || '(anonymous)';
    const where = cf.url ? `${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = self.get(key) ?? { name, where, us: 0 };
    entry.us += profile.timeDeltas[i] ?? 0;
    self.set(key, entry);
  }
  const totalUs = profile.endTime - profile.startTime;
  const functions = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfMs: Math.round(e.us / 100) / 10, share: Math.round((e.us / totalUs) * 1000) / 10 }));
  return { totalMs: Math.round(totalUs / 1000), functions };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

export function formatHotFunctions(summary: { totalMs: number; functions: HotFunction[] }): string {
  return summary.functions.map((f) => `${f.selfMs.toFixed(0).padStart(7)} ms ${f.share.toFixed(1).padStart(5)}%  ${f.name} (${f.where})`).join('\n');
}
