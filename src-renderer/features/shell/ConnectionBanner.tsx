import { useEngineStore } from '../../stores/engine-store.js';

/** Says plainly when the page is not talking to the engine, and why. */
export function ConnectionBanner() {
  const { connection, lastError } = useEngineStore();
  if (connection === 'connected') return null;
  return (
    <div className={`banner banner-${connection}`} role="status">
      {connection === 'connecting' ? 'Connecting to the devlog engine…' : `Engine unreachable: ${lastError ?? 'unknown reason'}. Retrying…`}
    </div>
  );
}
