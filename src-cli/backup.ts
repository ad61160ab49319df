import path from 'node:path';
import { homePaths, resolveDevlogHome } from '../src-worker/paths.js';
import { backupStore } from '../src-worker/store/backup/backup-store.js';
import { restoreStore } from '../src-worker/store/backup/restore-store.js';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** `devlog backup FILE`: a consistent copy of the store, also while `devlog start` writes. */
export async function runBackup(file: string): Promise<void> {
  const target = path.resolve(file);
  const done = await backupStore(homePaths(resolveDevlogHome()), target);
  process.stdout.write(`backed up ${done.sessions} sessions (${mb(done.bytes)}) to ${target}\n`);
}

/** `devlog restore FILE`: the store replaced by a backup; the old one kept aside. */
export async function runRestore(file: string): Promise<void> {
  const source = path.resolve(file);
  const done = await restoreStore(homePaths(resolveDevlogHome()), source);
  const kept = done.keptAs ? `; the store that was there is kept as ${done.keptAs}` : '';
  process.stdout.write(`restored ${done.sessions} sessions from ${source}${kept}\n`);
  if (done.previousMachineId && done.previousMachineId !== done.machineId) {
    // Two data folders with one id would each take the other's exports for their own.
    process.stderr.write(`note: the backup was made by machine ${done.machineId}; this data folder now has that id (it had ${done.previousMachineId}). Do not run both at once against the same remotes.\n`);
  }
}
