import { create } from 'zustand';
import type { Settings } from '../../src-shared/contract/index.js';
import { useEngineStore } from './engine-store.js';

interface SettingsStore {
  settings: Settings | undefined;
}

/** The engine's settings, loaded on connect and kept current by `settings.changed`. */
export const useSettingsStore = create<SettingsStore>(() => ({ settings: undefined }));

/** Sessions the collector just committed: a counter bumps per notice so pages can react. */
interface SessionChanges {
  version: number;
  ids: ReadonlySet<string>;
}

export const useSessionChanges = create<SessionChanges>(() => ({ version: 0, ids: new Set() }));

// Each new connection (first connect, reconnect after a restart) subscribes and loads afresh.
useEngineStore.subscribe((state, prev) => {
  const client = state.client;
  if (!client || client === prev.client) return;
  client.on('settings.changed', (settings) => useSettingsStore.setState({ settings }));
  client.on('sessions.changed', ({ ids }) => useSessionChanges.setState((s) => ({ version: s.version + 1, ids: new Set(ids) })));
  client
    .call('settings.get')
    .then((settings) => useSettingsStore.setState({ settings }))
    .catch(() => undefined);
});
