import fs from 'node:fs';
import { MB } from './stats.js';

/** What bench/lib/memory-probe.mjs writes: process.memoryUsage() at the highest RSS sampled. */
export interface MemoryPeak {
  samples: number;
  peak: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; atMs: number; heapSpaces: Record<string, number> };
}

export interface MemoryBreakdown {
  /** All in MB at the sampled peak. */
  rssMb: number;
  v8HeapMb: number;
  v8HeapUsedMb: number;
  /** Buffers and other memory V8 accounts outside its heap. */
  externalMb: number;
  /** RSS minus V8 heap minus external: Node/V8 code, SQLite (page cache, statements), the allocator. */
  nativeRestMb: number;
  heapSpacesMb: Record<string, number>;
  atMs: number;
  samples: number;
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

export function readMemoryPeak(file: string): MemoryBreakdown | { error: string } {
  if (!fs.existsSync(file)) return { error: `the memory probe wrote no ${file}` };
  const { samples, peak } = JSON.parse(fs.readFileSync(file, 'utf8')) as MemoryPeak;
  return breakdown(samples, peak);
}

export function breakdown(samples: number, p: MemoryPeak['peak']): MemoryBreakdown {
  return {
    rssMb: mb(p.rss),
    v8HeapMb: mb(p.heapTotal),
    v8HeapUsedMb: mb(p.heapUsed),
    externalMb: mb(p.external),
    nativeRestMb: mb(p.rss - p.heapTotal - p.external),
    heapSpacesMb: Object.fromEntries(Object.entries(p.heapSpaces).filter(([, v]) => v > 0).map(([k, v]) => [k, mb(v)])),
    atMs: p.atMs,
    samples,
  };
}

export function formatBreakdown(b: MemoryBreakdown): string {
  const spaces = Object.entries(b.heapSpacesMb).sort((x, y) => y[1] - x[1]).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ');
  return `at ${b.atMs} ms, RSS ${b.rssMb} MB = V8 heap ${b.v8HeapMb} MB (${b.v8HeapUsedMb} in use; ${spaces}) + external ${b.externalMb} MB + native rest ${b.nativeRestMb} MB`;
}
