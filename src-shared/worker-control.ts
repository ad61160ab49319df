/**
 * Control messages between Electron main and the utility-process worker, outside RPC: main
 * hands over MessagePorts; the worker says when it is ready or why it cannot start.
 */
export type MainToWorker =
  | { type: 'connect'; client: string } // carries one MessagePort in `ports`
  | { type: 'shutdown' };

export type WorkerToMain =
  | { type: 'ready'; pid: number; home: string }
  | { type: 'fatal'; code: string; message: string };

/** Exit code the worker uses when the failure will not go away by restarting (e.g. lock held). */
export const WORKER_EXIT_PERMANENT = 78;

/**
 * Fatal codes a restart cannot fix: the data folder is held by another engine, or the store was
 * written by a newer devlog. Main reports them once instead of retrying.
 */
export const PERMANENT_FATAL_CODES: readonly string[] = ['BUSY', 'STORE_TOO_NEW'];
