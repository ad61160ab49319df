import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../../src-shared/contract/index.js';
import { desktopApi } from '../../desktop-api.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { formatBytes, formatCount, formatTime } from '../activity/format.js';
import { exportNow } from '../remotes/export-now.js';
import { errorWords, remoteChipText } from '../remotes/remote-words.js';
import { overallState } from './overall-state.js';
import '../remotes/remotes.css';
import './popover.css';
import { ErrorText } from '../shared/Notice.js';

/** Recent sessions for the popover, refreshed whenever the engine pushes a status change. */
function useRecentSessions(limit: number): SessionSummary[] | undefined {
  const client = useEngineStore((s) => s.client);
  const lastSeq = useEngineStore((s) => s.status?.store.lastSeq);
  const [sessions, setSessions] = useState<SessionSummary[] | undefined>();
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
 * The tray popover (Dropbox-like): one glance at whether everything is safe, the history-scan
 * progress, each remote with what it still has to send, the latest sessions, and the actions
 * the tray menu has too. Rendered for the `#popover` window in Electron.
 */
export function PopoverView() {
  const { status, connection, client } = useEngineStore();
  const recent = useRecentSessions(5);
  const api = desktopApi();
  const [busy, setBusy] = useState<'export' | 'pause' | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const overall = overallState(status, connection);
  const p = status?.progress;
  const remotes = status?.remotes ?? [];

  async function act(kind: 'export' | 'pause', action: () => Promise<unknown>) {
    setBusy(kind);
    setProblem(undefined);
    try {
      await action();
    } catch (err) {
      setProblem(errorWords(err));
    } finally {
      setBusy(undefined);
    }
  }
  const togglePause = () => act('pause', () => client!.call(status?.paused ? 'engine.resume' : 'engine.pause').then((s) => useEngineStore.setState({ status: s })));
  const open = (page?: 'settings') => (api ? api.openMainWindow(page) : window.open(page ? `./#${page}` : './', '_blank'));

  return (
    <div className="popover">
      <header className="row">
        <strong>devlog</strong>
        <span className={`chip overall-${overall.state}`} data-testid="popover-state">
          {overall.words}
        </span>
      </header>
      {p?.phase === 'scanning' ? (
        <div className="progress" aria-label="Initial sync">
          <progress max={p.bytesTotal || 1} value={p.bytesDone} aria-label="History collected" />
          <span className="muted">
            {formatCount(p.filesDone)}/{formatCount(p.filesTotal)} files · {formatBytes(p.bytesDone)}
            {p.etaSeconds !== null ? ` · ${Math.ceil(p.etaSeconds)} s` : ''}
          </span>
        </div>
      ) : null}
      <p className="muted">
        {status ? `${formatCount(status.store.sessions)} sessions · ${formatCount(status.store.messages)} messages` : 'Waiting for the engine…'}
      </p>
      <section aria-label="Remotes">
        {remotes.length === 0 ? (
          <p className="muted">No remotes: everything stays on this machine.</p>
        ) : (
          <ul className="remote-chips">
            {remotes.map((r) => (
              <li key={r.name} title={r.lastError ?? undefined}>
                {r.name} <span className={`chip remote-${r.state}`}>{remoteChipText(r)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>Recent sessions</h2>
      <ul className="recent" aria-label="Recent sessions">
        {recent === undefined ? <li className="muted">Loading…</li> : recent.length === 0 ? <li className="muted">None yet</li> : null}
        {recent?.map((s) => (
          <li key={s.id}>
            <span className="title">{s.title ?? '(untitled)'}</span>
            <span className="muted">
              {s.agent} · {formatTime(s.endedAt ?? s.startedAt)}
            </span>
          </li>
        ))}
      </ul>
      <ErrorText text={problem} />
      <footer className="actions">
        <button type="button" onClick={() => void act('export', () => exportNow())} disabled={!client || remotes.length === 0 || status?.paused || busy !== undefined}>
          {busy === 'export' ? 'Exporting…' : 'Export now'}
        </button>
        <button type="button" onClick={() => void togglePause()} disabled={!client || busy !== undefined}>
          {status?.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={() => open()}>
          Open devlog
        </button>
        <button type="button" onClick={() => open('settings')}>
          Settings
        </button>
        {api ? (
          <button type="button" onClick={() => api.quit()}>
            Quit
          </button>
        ) : null}
      </footer>
    </div>
  );
}
