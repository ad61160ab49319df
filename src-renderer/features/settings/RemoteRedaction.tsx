import { useEffect, useState } from 'react';
import type { RemoteSettings } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';

/** Per remote: replace secrets before anything is sent (on unless turned off). */
export function RemoteRedaction() {
  const client = useEngineStore((s) => s.client);
  const [remotes, setRemotes] = useState<RemoteSettings[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (!client) return;
    client
      .call('remotes.list')
      .then((r) => setRemotes(r.remotes))
      .catch((err: Error) => setError(err.message));
  }, [client]);
  const setRedact = (name: string, redact: boolean) => {
    setRemotes((list) => list?.map((r) => (r.name === name ? { ...r, redact } : r)));
    return client!
      .call('remotes.edit', { name, redact })
      .then((updated) => setRemotes((list) => list?.map((r) => (r.name === name ? updated : r))))
      .catch((err: Error) => {
        setError(err.message);
        setRemotes((list) => list?.map((r) => (r.name === name ? { ...r, redact: !redact } : r)));
      });
  };
  return (
    <section className="card" aria-labelledby="settings-redaction">
      <h2 id="settings-redaction">Redaction per remote</h2>
      {error ? <p role="alert" className="error">{error}</p> : null}
      {!remotes ? null : remotes.length === 0 ? (
        <p className="muted">No remotes: nothing leaves this machine.</p>
      ) : (
        <ul className="plain">
          {remotes.map((r) => (
            <li key={r.name}>
              <label>
                <input type="checkbox" checked={r.redact} onChange={(e) => void setRedact(r.name, e.target.checked)} />
                Redact secrets before sending to {r.name} <span className="muted mono">{r.url}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
