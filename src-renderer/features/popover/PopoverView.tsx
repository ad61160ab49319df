import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../../src-shared/contract/index.js';
import { desktopApi } from '../../desktop-api.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { formatBytes, formatCount, formatTime } from '../activity/format.js';

/** Recent sessions for the popover, refreshed whenever the engine pushes a status change. */
function useRecentSessions(limit: number): SessionSummary[] {
  const client = useEngineStore((s) => s.client);
  const lastSeq = useEngineStore((s) => s.status?.store.lastSeq);
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  useEffect(() => {
    if (!client) return;
    let live = true;
    client
      .call('sessions.query', { limit })
      .then((r) => live && setSessions(r.sessions))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, lastSeq, limit]);
  return sessions;
}

/**
 * The tray popover (Dropbox-like): what devlog is doing, the history-scan progress, the latest
 * sessions, and the way into the app. Rendered for the `#popover` window in Electron.
 */
export function PopoverView() {
  const { status, connection } = useEngineStore();
  const recent = useRecentSessions(5);
  const api = desktopApi();
  const p = status?.progress;
  return (
    <div className="popover">
      <header className="row">
        <strong>devlog</strong>
        <span className={`chip state-${connection === 'connected' ? (status?.state ?? 'starting') : 'error'}`} data-testid="popover-state">
          {connection !== 'connected' ? 'Not connected' : status?.state === 'scanning' ? 'Syncing history' : status?.state === 'live' ? 'Up to date' : (status?.state ?? '…')}
        </span>
      </header>
      {p?.phase === 'scanning' ? (
        <div className="progress" aria-label="Initial sync">
          <progress max={p.bytesTotal || 1} value={p.bytesDone} />
          <span className="muted">
            {formatCount(p.filesDone)}/{formatCount(p.filesTotal)} files · {formatBytes(p.bytesDone)}
            {p.etaSeconds !== null ? ` · ${Math.ceil(p.etaSeconds)} s` : ''}
          </span>
        </div>
      ) : null}
      <p className="muted">
        {status ? `${formatCount(status.store.sessions)} sessions · ${formatCount(status.store.messages)} messages` : 'Waiting for the engine…'}
      </p>
      <h2>Recent sessions</h2>
      <ul className="recent">
        {recent.length === 0 ? <li className="muted">None yet</li> : null}
        {recent.map((s) => (
          <li key={s.id}>
            <span className="title">{s.title ?? '(untitled)'}</span>
            <span className="muted">
              {s.agent} · {formatTime(s.endedAt ?? s.startedAt)}
            </span>
          </li>
        ))}
      </ul>
      {api ? (
        <footer className="row">
          <button type="button" onClick={() => api.openMainWindow()}>
            Open devlog
          </button>
          <button type="button" onClick={() => api.quit()}>
            Quit
          </button>
        </footer>
      ) : (
        <footer className="row">
          <a href="./">Open devlog</a>
        </footer>
      )}
    </div>
  );
}
