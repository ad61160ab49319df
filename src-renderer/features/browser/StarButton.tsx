import { useState } from 'react';
import { useEngineStore } from '../../stores/engine-store.js';

/**
 * Star or unstar the open session; the list and transcript follow the engine's change notice.
 * Keyed by the stored value where it is used, so a change from elsewhere resets it.
 */
export function StarButton({ id, starred }: { id: string; starred: boolean }) {
  const client = useEngineStore((s) => s.client);
  // Pressed at once; the engine's notice then refreshes the transcript with the stored value.
  const [pending, setPending] = useState<boolean | undefined>();
  const shown = pending ?? starred;
  return (
    <button
      type="button"
      aria-pressed={shown}
      onClick={() => {
        setPending(!shown);
        void client?.call('sessions.editMeta', { id, starred: !shown }).catch(() => setPending(undefined));
      }}
    >
      {shown ? '★ Starred' : '☆ Star'}
    </button>
  );
}
