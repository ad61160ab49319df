import type { SessionMethods, StatsMethods } from '../../src-shared/contract/index.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import { transcriptToMarkdown } from '../query/markdown.js';
import { parseMarkdownParams, parseSessionQuery, parseShowParams, parseStatsQuery } from '../query/params.js';
import { PriceTable } from '../query/prices.js';
import { querySessions } from '../query/sessions.js';
import { getStats } from '../query/stats.js';
import { getTranscript } from '../query/transcript.js';
import { openReadableDb, type ReadableDb } from '../store/database.js';

/**
 * Sessions, transcripts and stats. Queries run on a read-only handle of their own, opened on
 * the first call and kept for the engine's life: they never touch the writer's connection, so
 * a long search cannot hold up ingestion (WAL readers do not block the writer).
 */
export function sessionHandlers(engine: Engine): Handlers<SessionMethods & StatsMethods> {
  let reader: ReadableDb | undefined;
  const db = (): ReadableDb => {
    if (!reader) {
      const opened = openReadableDb(engine.paths.db);
      reader = opened;
      engine.own({ dispose: () => opened.close() });
    }
    return reader;
  };
  const prices = new PriceTable(engine.config.prices);
  return {
    'sessions.query': (params) => querySessions(db(), parseSessionQuery(params)),
    'sessions.show': (params) => {
      const p = parseShowParams(params);
      return getTranscript(db(), p.id, p.maxResultChars);
    },
    'sessions.markdown': (params) => {
      const p = parseMarkdownParams(params);
      return { markdown: transcriptToMarkdown(getTranscript(db(), p.id, p.maxResultChars), { includeMeta: p.includeMeta ?? false }) };
    },
    'stats.get': (params) => getStats(db(), parseStatsQuery(params), prices),
  };
}
