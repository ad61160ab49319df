import { watch } from 'chokidar';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Disposable } from '../../src-shared/lifecycle.js';
import { isValidMachineId, MANIFEST_FILE, ROOT_DIR, segmentSequence } from '../export/folder/layout.js';
import { parseManifest } from '../export/folder/manifest.js';
import { readSegments } from '../export/folder/read-segments.js';
import { WAITING_PROBLEMS, type PullBlock, type PullPiece, type PullSource } from './pull-source.js';

export interface FolderFeedOptions {
  folder: string;
  machineId: string;
  /** The remote's passphrase (resolved on each pull, so an edited one counts at once). */
  passphrase: () => Promise<string | undefined>;
}

/**
 * Other machines' segments in a folder remote (readSegments: each checked against its
 * machine's manifest and its own SHA-256 or GCM tag before anything is yielded). One segment is
 * one piece, with that machine's cursor at its sequence.
 */
export class FolderFeed implements PullSource {
  constructor(private readonly options: FolderFeedOptions) {}

  async pull(cursors: ReadonlyMap<string, string>, commit: (piece: PullPiece) => Promise<void>, signal: AbortSignal) {
    const passphrase = await this.options.passphrase();
    const after = Object.fromEntries([...cursors].map(([machine, seq]) => [machine, Number(seq)]));
    const waiting = new Set<string>();
    const blocks: PullBlock[] = [];
    for await (const item of readSegments(this.options.folder, { machineId: this.options.machineId, ...(passphrase !== undefined ? { passphrase } : {}), after })) {
      if (signal.aborted) break;
      if (waiting.has(item.machineId)) continue; // after a gap, later segments wait for it
      if (item.type === 'problem') {
        const sequence = segmentSequence(path.basename(item.file));
        // Anything wrong with one segment for good (tampered, corrupt, invalid, renamed) is recorded and passed.
        if (sequence === undefined || WAITING_PROBLEMS.has(item.kind)) {
          // A manifest-level problem (wrong passphrase, not verifiable) or a gap: nothing of it moves.
          waiting.add(item.machineId);
          blocks.push({ file: item.file, kind: item.kind, message: item.message });
          continue;
        }
        await commit({ source: item.machineId, cursor: String(sequence), runs: [], problems: [{ file: item.file, kind: item.kind, message: item.message }] });
        continue;
      }
      await commit({
        source: item.machineId,
        cursor: String(item.sequence),
        runs: [{ sender: { id: item.machineId, name: item.batch.machineName ?? item.machineName }, records: item.batch.records }],
        cleared: [item.file, path.join(path.dirname(item.file), MANIFEST_FILE)],
      });
    }
    return { blocks };
  }

  /** Segments listed in other machines' manifests beyond this machine's cursors (read, not verified). */
  async behind(cursors: ReadonlyMap<string, string>): Promise<number> {
    const root = path.join(this.options.folder, ROOT_DIR);
    let machines: string[];
    try {
      machines = (await fs.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && isValidMachineId(d.name)).map((d) => d.name);
    } catch {
      return 0;
    }
    let count = 0;
    for (const machine of machines) {
      if (machine === this.options.machineId) continue;
      const text = await fs.readFile(path.join(root, machine, MANIFEST_FILE), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const parsed = parseManifest(text);
      if ('error' in parsed) continue;
      const after = Number(cursors.get(machine) ?? 0);
      count += parsed.manifest.segments.filter((s) => s.sequence > after).length;
    }
    return count;
  }

  /** A manifest written by another machine (or copied in by a sync tool) means new segments. */
  watch(changed: () => void, _failed: (error: Error) => void, live: (on: boolean) => void): Disposable {
    const watcher = watch(this.options.folder, { ignoreInitial: true, depth: 3, ignored: (p, stats) => Boolean(stats?.isFile() && path.basename(p) !== MANIFEST_FILE) });
    const onEvent = (file: string) => {
      if (path.basename(file) === MANIFEST_FILE && !file.includes(`${path.sep}${this.options.machineId}${path.sep}`)) changed();
    };
    watcher.on('add', onEvent).on('change', onEvent).on('error', () => undefined); // the interval still pulls
    // What was written while the watch was being set up is pulled once it is ready.
    watcher.once('ready', () => {
      live(true);
      changed();
    });
    return { dispose: () => void watcher.close() };
  }
}
