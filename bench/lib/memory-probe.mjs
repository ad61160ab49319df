// Loaded into a measured devlog process with `node --import <this file>`: samples the
// process's memory every 10 ms and, on exit, writes the sample taken at the highest RSS to
// $DEVLOG_BENCH_MEMORY_OUT, so a peak RSS over its target shows what it is made of (V8 heap by
// space, buffers outside the heap, and the rest: native memory such as SQLite's page cache).
import fs from 'node:fs';
import v8 from 'node:v8';

const out = process.env.DEVLOG_BENCH_MEMORY_OUT;
if (out) {
  let peak;
  let samples = 0;
  const sample = () => {
    samples++;
    const m = process.memoryUsage();
    if (peak && m.rss <= peak.rss) return;
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = s.space_size;
    peak = { ...m, atMs: Math.round(performance.now()), heapSpaces: spaces };
  };
  setInterval(sample, 10).unref();
  process.on('exit', () => {
    sample();
    fs.writeFileSync(out, JSON.stringify({ samples, peak }));
  });
}
