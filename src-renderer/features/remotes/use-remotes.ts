import { useCallback, useEffect, useState } from 'react';
import type { OutboundLogEntry, RemoteSettings, RoutingPreview } from '../../../src-shared/contract/index.js';
import type { AgentId } from '../../../src-shared/domain.js';
import { useEngineStore } from '../../stores/engine-store.js';

/** The remotes' settings (remotes.list), reloaded when the set of remotes in the status changes. */
export function useRemoteSettings(): { remotes: RemoteSettings[]; reload: () => void } {
  const client = useEngineStore((s) => s.client);
  const names = useEngineStore((s) => s.status?.remotes.map((r) => r.name).join('\n') ?? '');
  const [remotes, setRemotes] = useState<RemoteSettings[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!client) return;
    let live = true;
    client
      .call('remotes.list')
      .then((r) => live && setRemotes(r.remotes))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, names, tick]);
  return { remotes, reload: useCallback(() => setTick((t) => t + 1), []) };
}

/** The routing preview for rules being typed: asked a moment after the last keystroke. */
export function useRoutingPreview(include: string[], exclude: string[], agents: AgentId[]): { preview: RoutingPreview | undefined; problem: string | undefined } {
  const client = useEngineStore((s) => s.client);
  const sessions = useEngineStore((s) => s.status?.store.sessions);
  const key = JSON.stringify([include, exclude, agents]);
  const [result, setResult] = useState<{ preview: RoutingPreview | undefined; problem: string | undefined }>({ preview: undefined, problem: undefined });
  useEffect(() => {
    if (!client) return;
    let live = true;
    const [inc, exc, ags] = JSON.parse(key) as [string[], string[], AgentId[]];
    const timer = setTimeout(() => {
      client
        .call('remotes.preview', { include: inc, exclude: exc, agents: ags })
        .then((preview) => live && setResult({ preview, problem: undefined }))
        .catch((err: Error) => live && setResult({ preview: undefined, problem: err.message.replace(/^remotes\.preview: /, '') }));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, key, sessions]);
  return result;
}

/** A remote's outbound log, newest first, reloaded after each successful export. */
export function useOutboundLog(remote: string, lastSuccessAt: string | null, limit = 10): OutboundLogEntry[] {
  const client = useEngineStore((s) => s.client);
  const [entries, setEntries] = useState<OutboundLogEntry[]>([]);
  useEffect(() => {
    if (!client) return;
    let live = true;
    client
      .call('export.log', { remote, limit })
      .then((r) => live && setEntries(r.entries))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, remote, lastSuccessAt, limit]);
  return entries;
}
