import { useEffect, useState } from 'react';
import type { StatsQuery, StatsResult } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { useSessionChanges } from '../../stores/settings-store.js';
import { useDebounced } from '../shared/use-debounced.js';

export interface StatsView {
  byDay: StatsResult;
  byAgent: StatsResult;
  byWorkspace: StatsResult;
}

/**
 * The three groupings the page charts, every number from `stats.get` (so the page and
 * `devlog stats --json` agree), asked again when the filter changes or new sessions arrive.
 */
export function useStats(filter: StatsQuery): { data: StatsView | undefined; error: string | undefined; loading: boolean } {
  const client = useEngineStore((s) => s.client);
  // New sessions refresh the numbers, at most about once a second while an agent is writing.
  const changes = useDebounced(useSessionChanges((s) => s.version), 1000);
  const [answer, setAnswer] = useState<{ data?: StatsView; error?: string; for: string } | undefined>();
  const key = JSON.stringify(filter);
  const asked = `${key}#${changes}`;
  useEffect(() => {
    if (!client) return;
    const abort = new AbortController();
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const ask = (params: StatsQuery) => client.callWith({ signal: abort.signal }, 'stats.get', { ...(JSON.parse(key) as StatsQuery), timeZone, ...params });
    Promise.all([ask({ by: 'day', splitByModel: true }), ask({ by: 'agent' }), ask({ by: 'workspace' })])
      .then(([byDay, byAgent, byWorkspace]) => {
        setAnswer({ data: { byDay, byAgent, byWorkspace }, for: asked });
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setAnswer((a) => ({ ...(a?.data ? { data: a.data } : {}), error: (err as Error).message, for: asked }));
      });
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `asked` holds the filter's value
  }, [client, asked]);
  return { data: answer?.data, error: answer?.error, loading: answer?.for !== asked };
}
