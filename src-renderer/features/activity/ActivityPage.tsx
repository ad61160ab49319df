import type { EngineStatus, SourceStatus } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { formatBytes, formatCount, formatTime } from './format.js';

const STATE_LABEL: Record<EngineStatus['state'], string> = {
  starting: 'Starting',
  scanning: 'Syncing history',
  live: 'Up to date',
  paused: 'Paused',
  stopping: 'Stopping',
  error: 'Error',
};

/** How a source is watched, in words: only folders that exist are watched; others are awaited. */
function watchSummary(source: SourceStatus): string {
  const found = source.roots.filter((r) => r.exists);
  if (!found.length) return 'agent not found';
  const modes = [...new Set(found.map((r) => r.watchMode))].join(', ');
  const problem = found.find((r) => r.watchError)?.watchError;
  return `${modes}${found.length < source.roots.length ? ` (${found.length} of ${source.roots.length} folders)` : ''}${problem ? ` — ${problem}` : ''}`;
}

function Progress({ status }: { status: EngineStatus }) {
  const p = status.progress;
  if (p.phase !== 'scanning') return null;
  const pct = p.bytesTotal ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 0;
  return (
    <div className="progress" aria-label="History scan progress">
      <progress max={100} value={pct} />
      <span>
        {formatCount(p.filesDone)} / {formatCount(p.filesTotal)} files · {formatBytes(p.bytesDone)} / {formatBytes(p.bytesTotal)}
        {p.etaSeconds !== null ? ` · ${Math.ceil(p.etaSeconds)} s left` : ''}
      </span>
    </div>
  );
}

export function ActivityPage() {
  const status = useEngineStore((s) => s.status);
  const connected = useEngineStore((s) => s.connection === 'connected');
  if (!status) return <p className="muted">Waiting for the engine…</p>;
  return (
    <div className="stack">
      <section className="card" aria-label="Engine">
        <div className="row">
          {connected ? (
            <span className={`chip state-${status.state}`} data-testid="engine-state">
              {STATE_LABEL[status.state]}
            </span>
          ) : (
            // The last known figures stay visible, but never under a state we cannot vouch for.
            <span className="chip" data-testid="engine-state">
              Not connected
            </span>
          )}
          {status.error ? <span className="error">{status.error}</span> : null}
        </div>
        <Progress status={status} />
        <dl className="facts">
          <dt>Sessions</dt>
          <dd data-testid="sessions-count">{formatCount(status.store.sessions)}</dd>
          <dt>Messages</dt>
          <dd>{formatCount(status.store.messages)}</dd>
          <dt>Tool calls</dt>
          <dd>{formatCount(status.store.toolCalls)}</dd>
          <dt>Store size</dt>
          <dd>{formatBytes(status.store.dbBytes)}</dd>
          <dt>Data folder</dt>
          <dd className="mono" data-testid="data-home">{status.home}</dd>
          <dt>Engine</dt>
          <dd>
            devlog {status.version}, pid {status.pid}, since {formatTime(status.startedAt)}
          </dd>
        </dl>
      </section>
      <section className="card" aria-label="Sources">
        <h2>Sources</h2>
        {status.sources.length === 0 ? (
          <p className="muted">No agent sources are being collected yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Files</th>
                <th>Records</th>
                <th>Problems</th>
                <th>Last event</th>
                <th>Watching</th>
              </tr>
            </thead>
            <tbody>
              {status.sources.map((s) => (
                <tr key={s.agent}>
                  <td>{s.agent}</td>
                  <td>{formatCount(s.files)}</td>
                  <td>{formatCount(s.records)}</td>
                  <td>{formatCount(s.problemCount)}</td>
                  <td>{formatTime(s.lastEventAt)}</td>
                  <td>{watchSummary(s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
