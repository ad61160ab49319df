import type { DevlogMethods, SessionMethods, StatsMethods } from '../../src-shared/contract/index.js';
import type { ReadableDb } from '../store/database.js';
import { transcriptToMarkdown } from './markdown.js';
import { parseMarkdownParams, parseSessionFilesParams, parseSessionQuery, parseShowParams, parseStatsQuery } from './params.js';
import type { PriceTable } from './prices.js';
import { sessionFiles } from './session-files.js';
import { querySessions } from './sessions.js';
import { getStats } from './stats.js';
import { getTranscript } from './transcript.js';

/** The read-only questions the store answers: the RPC methods that run on the query thread. */
export type QueryMethodName = keyof (SessionMethods & StatsMethods);
export const QUERY_METHODS: readonly QueryMethodName[] = ['sessions.query', 'sessions.show', 'sessions.markdown', 'sessions.files', 'stats.get'];

type QueryFns = { [K in QueryMethodName]: (params: unknown) => DevlogMethods[K]['result'] };

/** Each query method over one read-only handle; params are validated here (they crossed a process). */
export function queryMethods(db: ReadableDb, prices: PriceTable): QueryFns {
  return {
    'sessions.query': (params) => querySessions(db, parseSessionQuery(params)),
    'sessions.show': (params) => {
      const p = parseShowParams(params);
      return getTranscript(db, p.id, p.maxResultChars);
    },
    'sessions.markdown': (params) => {
      const p = parseMarkdownParams(params);
      return { markdown: transcriptToMarkdown(getTranscript(db, p.id, p.maxResultChars), { includeMeta: p.includeMeta ?? false }) };
    },
    'sessions.files': (params) => sessionFiles(db, parseSessionFilesParams(params).sessionId),
    'stats.get': (params) => getStats(db, parseStatsQuery(params), prices),
  };
}
