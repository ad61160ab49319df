import { useState } from 'react';
import type { SettingsUpdate } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { useSettingsStore } from '../../stores/settings-store.js';

/** Sends a change to the engine (which validates and saves it); its refusal is shown in words. */
export function useSettingsUpdate(): { save(update: SettingsUpdate): Promise<boolean>; error: string | undefined; saving: boolean } {
  const client = useEngineStore((s) => s.client);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const save = async (update: SettingsUpdate) => {
    if (!client) return false;
    setSaving(true);
    try {
      useSettingsStore.setState({ settings: await client.call('settings.update', update) });
      setError(undefined);
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { save, error, saving };
}
