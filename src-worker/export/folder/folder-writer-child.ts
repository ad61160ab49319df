// A separate process of the same machine writing into a folder remote (the concurrency tests run
// two of these at once, or one holding the writer lock). Usage: node <built>.mjs '<json options>'
import { FolderSink } from './folder-sink.js';
import { machineDir } from './layout.js';
import { sampleBatch } from './test-support.js';
import { WriterLock } from './writer-lock.js';

const opts = JSON.parse(process.argv[2]!) as { mode: 'write' | 'hold'; folder: string; machineId: string; lockDir: string; tag: string; count: number };
const say = (message: object) => process.stdout.write(JSON.stringify(message) + '\n');

if (opts.mode === 'hold') {
  await WriterLock.acquire(WriterLock.fileFor(machineDir(opts.folder, opts.machineId), opts.lockDir), new AbortController().signal);
  say({ holding: true });
  setInterval(() => undefined, 60_000); // until killed
} else {
  // Both writers start on the parent's word, so their sends really overlap.
  say({ ready: true });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const sink = new FolderSink({ folder: opts.folder, machineId: opts.machineId, lockDir: opts.lockDir });
  for (let i = 0; i < opts.count; i++) {
    const { bytes } = await sink.send(sampleBatch(opts.machineId, `${opts.tag}-${i}`), new AbortController().signal);
    say({ sent: i, bytes });
  }
  say({ done: true });
}
