/**
 * The checkpoint thread: copies the store's write-ahead log back into the database (PASSIVE: it
 * never blocks the writer or readers) on its own connection, so the engine thread never pays for
 * checkpoints (tens to hundreds of ms each during a history scan) inside a COMMIT. The connection
 * is opened per checkpoint and closed right after: none is left open when the thread ends, so the
 * engine's own close stays the last one and removes the WAL.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlite } from '../../native.js';

const port = parentPort;
if (!port) throw new Error('the devlog checkpoint thread must run as a worker thread');
const { dbPath } = workerData as { dbPath: string };
const Database = loadSqlite();

port.on('message', () => {
  let db;
  try {
    db = new Database(dbPath, { fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    port.postMessage({ ok: true, log: result?.log ?? 0, checkpointed: result?.checkpointed ?? 0 });
  } catch (err) {
    port.postMessage({ ok: false, error: (err as Error).message });
  } finally {
    db?.close();
  }
});
