import type { SessionMethods, StatsMethods } from '../../src-shared/contract/index.js';
import type { CallContext, Handlers } from '../../src-shared/rpc/server.js';
import type { Engine } from '../engine.js';
import type { QueryMethodName } from '../query/query-methods.js';
import { QueryRunner } from '../query/query-thread/query-runner.js';

/**
 * Sessions, transcripts and stats. Queries run on the query thread, on a read-only handle of its
 * own: a long search never holds up the engine's event loop or ingestion. A call is cancelled
 * when its caller cancels it or goes away, and a newer `sessions.query` from the same connection
 * cancels the one still running (search as you type asks only the latest question).
 */
export function sessionHandlers(engine: Engine): Handlers<SessionMethods & StatsMethods> {
  const runner = engine.own(new QueryRunner({ dbPath: engine.paths.db, prices: engine.config.prices }));
  const latestSearch = new Map<number, AbortController>();

  const run = <R>(method: QueryMethodName, params: unknown, ctx: CallContext) => runner.run(method, params, ctx.signal) as Promise<R>;

  return {
    'sessions.query': async (params, ctx) => {
      latestSearch.get(ctx.connectionId)?.abort();
      const own = new AbortController();
      latestSearch.set(ctx.connectionId, own);
      try {
        return await (runner.run('sessions.query', params, AbortSignal.any([ctx.signal, own.signal])) as ReturnType<Handlers<SessionMethods>['sessions.query']>);
      } finally {
        if (latestSearch.get(ctx.connectionId) === own) latestSearch.delete(ctx.connectionId);
      }
    },
    'sessions.show': (params, ctx) => run('sessions.show', params, ctx),
    'sessions.markdown': (params, ctx) => run('sessions.markdown', params, ctx),
    'sessions.files': (params, ctx) => run('sessions.files', params, ctx),
    'stats.get': (params, ctx) => run('stats.get', params, ctx),
  };
}
