// A separate process writing batches into a folder remote (the concurrency test runs two of
// these for the same machine at once). Usage: node folder-writer-child.mjs '<json options>'
import { FolderSink } from './folder-sink.js';
import { sampleBatch } from './test-support.js';

const { folder, machineId, lockDir, tag, count } = JSON.parse(process.argv[2]!) as { folder: string; machineId: string; lockDir: string; tag: string; count: number };
const sink = new FolderSink({ folder, machineId, lockDir });
for (let i = 0; i < count; i++) {
  const { bytes } = await sink.send(sampleBatch(machineId, `${tag}-${i}`), new AbortController().signal);
  process.stdout.write(JSON.stringify({ sent: i, bytes }) + '\n');
}
process.stdout.write(JSON.stringify({ done: true }) + '\n');
