/**
 * The query thread: answers read-only questions (search, transcripts, stats) on its own read-only
 * connection, so a search over a million messages never holds up the engine's event loop. A
 * cancelled question ends the thread (SQLite statements cannot be stopped from outside); the
 * engine starts a fresh one for the next question.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../../../src-shared/errors.js';
import { openReadableDb } from '../../store/database.js';
import { PriceTable } from '../prices.js';
import { queryMethods } from '../query-methods.js';
import type { FromQueryThread, QueryThreadData, ToQueryThread } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the devlog query thread must run as a worker thread');
const data = workerData as QueryThreadData;
const methods = queryMethods(openReadableDb(data.dbPath), new PriceTable(data.prices as ConstructorParameters<typeof PriceTable>[0]));
const post = (message: FromQueryThread) => port.postMessage(message);

port.on('message', ({ id, method, params }: ToQueryThread) => {
  try {
    post({ id, ok: true, result: methods[method](params) });
  } catch (err) {
    post({ id, ok: false, error: toWireError(err) });
  }
});
