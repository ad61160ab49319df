import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionQuery, SessionSummary } from '../../../src-shared/contract/index.js';
import { ErrorCodes } from '../../../src-shared/errors.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { useSessionChanges } from '../../stores/settings-store.js';

/** Sessions per request: a screenful many times over, small enough to answer at once. */
export const PAGE_SIZE = 500;

export interface SessionList {
  sessions: SessionSummary[];
  hasMore: boolean;
  /** The list on screen answers an older question; the new answer is on its way. */
  loading: boolean;
  error: string | undefined;
  loadMore(): void;
}

interface ListState {
  sessions: SessionSummary[];
  hasMore: boolean;
  error: string | undefined;
  /** The query (as JSON) the list answers. */
  answers: string | undefined;
}

type Merge = (old: SessionSummary[], fresh: SessionSummary[], hasMore: boolean) => { sessions: SessionSummary[]; hasMore: boolean };

const isCancelled = (err: unknown) => (err as { code?: string }).code === ErrorCodes.Cancelled;

/**
 * The sessions for a query, newest first, a page at a time (the next page is the sessions
 * started before the oldest one shown). A new query cancels the one in flight (and the engine
 * drops it too); what is on screen stays until the answer arrives, so nothing jumps. Sessions
 * the collector commits refresh the first page in place.
 */
export function useSessionList(query: SessionQuery): SessionList {
  const client = useEngineStore((s) => s.client);
  const changes = useSessionChanges((s) => s.version);
  const [state, setState] = useState<ListState>({ sessions: [], hasMore: false, error: undefined, answers: undefined });
  const inFlight = useRef<AbortController | undefined>(undefined);
  const key = JSON.stringify(query);

  const run = useCallback(
    (forKey: string, params: SessionQuery, merge: Merge) => {
      if (!client) return;
      inFlight.current?.abort();
      const own = new AbortController();
      inFlight.current = own;
      client
        .callWith({ signal: own.signal }, 'sessions.query', params)
        .then((r) => {
          if (own.signal.aborted) return;
          setState((s) => ({ ...merge(s.sessions, r.sessions, r.hasMore), error: undefined, answers: forKey }));
        })
        .catch((err: unknown) => {
          if (own.signal.aborted || isCancelled(err)) return;
          setState((s) => ({ ...s, error: (err as Error).message, answers: forKey }));
        })
        .finally(() => {
          if (inFlight.current === own) inFlight.current = undefined;
        });
    },
    [client],
  );

  // A new question: its first page replaces the list.
  useEffect(() => {
    run(key, { ...(JSON.parse(key) as SessionQuery), limit: PAGE_SIZE }, (_old, fresh, hasMore) => ({ sessions: fresh, hasMore }));
    return () => inFlight.current?.abort();
  }, [key, run]);

  // New data: the first page again, merged so the rows below (and the scroll position) stay.
  const firstChange = useRef(changes);
  useEffect(() => {
    if (changes === firstChange.current) return;
    const timer = setTimeout(() => {
      if (inFlight.current) return; // A newer question is being answered anyway.
      run(key, { ...(JSON.parse(key) as SessionQuery), limit: PAGE_SIZE }, (old, fresh, hasMore) => {
        const freshIds = new Set(fresh.map((s) => s.id));
        const oldest = fresh.at(-1)?.startedAt ?? '';
        const rest = hasMore ? old.filter((s) => !freshIds.has(s.id) && (s.startedAt ?? '') < oldest) : [];
        return { sessions: [...fresh, ...rest], hasMore };
      });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refresh on change notices only
  }, [changes]);

  const loadMore = useCallback(() => {
    if (inFlight.current || !state.hasMore || state.answers !== key) return;
    const oldest = state.sessions.at(-1)?.startedAt;
    if (!oldest) return;
    run(key, { ...(JSON.parse(key) as SessionQuery), until: oldest, limit: PAGE_SIZE }, (old, fresh, hasMore) => {
      const have = new Set(old.map((s) => s.id));
      return { sessions: [...old, ...fresh.filter((s) => !have.has(s.id))], hasMore };
    });
  }, [state.hasMore, state.sessions, state.answers, key, run]);

  return { sessions: state.sessions, hasMore: state.hasMore, error: state.error, loading: state.answers !== key, loadMore };
}
