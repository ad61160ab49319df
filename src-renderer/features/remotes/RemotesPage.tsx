import { useState } from 'react';
import type { RemoteSettings, RemoteStatus } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { formatBytes, formatCount, formatTime } from '../activity/format.js';
import { exportNow } from './export-now.js';
import { MachinesPanel } from './MachinesPanel.js';
import { errorWords, remoteChipText } from './remote-words.js';
import { RemoteForm } from './RemoteForm.js';
import { useOutboundLog, useRemoteSettings } from './use-remotes.js';
import './remotes.css';
import { ErrorText, Outcome } from '../shared/Notice.js';

function OutboundLog({ status }: { status: RemoteStatus }) {
  const entries = useOutboundLog(status.name, status.lastSuccessAt);
  return (
    <details className="outbound-log">
      <summary>What left this machine ({entries.length ? `last ${entries.length}` : 'nothing yet'})</summary>
      {entries.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Sessions</th>
              <th>Records</th>
              <th>Size</th>
              <th>Redacted</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{formatTime(e.at)}</td>
                <td>{formatCount(e.sessions)}</td>
                <td>{formatCount(e.records)}</td>
                <td>{formatBytes(e.bytes)}</td>
                <td>{Object.entries(e.redactions).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}

/** One remote: its state in words, what waits, when it last worked, and what to do with it. */
function RemoteCard({ status, settings, onChanged }: { status: RemoteStatus; settings: RemoteSettings | undefined; onChanged(): void }) {
  const client = useEngineStore((s) => s.client);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  // "Exported" or a test's answer belongs to the state it was said in, not to the next one.
  const [said, setNote] = useState<{ text: string; bad: boolean; state?: RemoteStatus['state'] } | undefined>();
  const note = said && (said.state === undefined || said.state === status.state) ? said : undefined;
  const [confirmRemove, setConfirmRemove] = useState(false);

  async function run(label: string, action: () => Promise<string | undefined>) {
    setBusy(label);
    setNote(undefined);
    try {
      const text = await action();
      if (text) setNote({ text, bad: false, state: useEngineStore.getState().status?.remotes.find((r) => r.name === status.name)?.state });
    } catch (err) {
      setNote({ text: errorWords(err), bad: true });
    } finally {
      setBusy(undefined);
    }
  }

  const exportIt = () =>
    run('export', async () => {
      const after = (await exportNow(status.name)).find((r) => r.name === status.name);
      return after?.lastError ? undefined : 'Exported';
    });
  const test = () =>
    run('test', async () => {
      const r = await client!.call('remotes.test', { name: status.name });
      if (r.problem) throw new Error(r.problem);
      return `${r.authenticatedAs ? `Signed in as ${r.authenticatedAs}` : 'The folder is writable'}; ${formatCount(r.matchingSessions)} sessions match`;
    });
  const setPaused = (paused: boolean) =>
    run('pause', async () => {
      await client!.call('remotes.edit', { name: status.name, paused });
      onChanged();
      return undefined;
    });
  const remove = () =>
    run('remove', async () => {
      const r = await client!.call('remotes.remove', { name: status.name });
      onChanged();
      return r.problem;
    });

  return (
    <article className="card remote-card" aria-label={`Remote ${status.name}`} data-testid={`remote-${status.name}`}>
      <header className="row">
        <h2>{status.name}</h2>
        <span className={`chip remote-${status.state}`} data-testid="remote-state">
          {remoteChipText(status)}
        </span>
        <span className="muted mono">{status.url}</span>
      </header>
      <dl className="facts">
        <dt>Waiting to send</dt>
        <dd data-testid="remote-backlog">
          {formatCount(status.backlog)} session{status.backlog === 1 ? '' : 's'}
        </dd>
        <dt>Last success</dt>
        <dd>{formatTime(status.lastSuccessAt)}</dd>
        {status.lastError ? (
          <>
            <dt>Last error</dt>
            <dd className="error" data-testid="remote-error">
              {status.lastError}
            </dd>
          </>
        ) : null}
        {status.nextAttemptAt && status.state !== 'synced' ? (
          <>
            <dt>Next try</dt>
            <dd>{formatTime(status.nextAttemptAt)}</dd>
          </>
        ) : null}
        {settings ? (
          <>
            <dt>Sends</dt>
            <dd>
              {settings.include.length ? settings.include.join(', ') : 'every workspace'}
              {settings.exclude.length ? `, except ${settings.exclude.join(', ')}` : ''}
              {settings.agents.length ? ` (${settings.agents.join(', ')})` : ''}
              {settings.auto ? '; automatically' : '; when you click Export now'}
              {settings.redact ? '' : '; NOT redacted'}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="row wrap">
        <button type="button" className="primary" onClick={() => void exportIt()} disabled={busy !== undefined || status.state === 'paused'}>
          {busy === 'export' ? 'Exporting…' : 'Export now'}
        </button>
        <button type="button" onClick={() => void test()} disabled={busy !== undefined}>
          {busy === 'test' ? 'Testing…' : 'Test'}
        </button>
        <button type="button" onClick={() => setEditing((e) => !e)} aria-expanded={editing} disabled={!settings}>
          Edit routing
        </button>
        <button type="button" onClick={() => void setPaused(status.state !== 'paused')} disabled={busy !== undefined}>
          {status.state === 'paused' ? 'Resume' : 'Pause'}
        </button>
        {confirmRemove ? (
          <>
            <button type="button" className="danger" onClick={() => void remove()}>
              Remove {status.name} and its saved secret
            </button>
            <button type="button" onClick={() => setConfirmRemove(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmRemove(true)}>
            Remove
          </button>
        )}
      </div>
      <Outcome note={note} />
      {editing && settings ? (
        <RemoteForm
          existing={settings}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : null}
      <OutboundLog status={status} />
    </article>
  );
}

/** A stable empty list: a selector returning a new [] each time would re-render forever. */
const NO_REMOTES: RemoteStatus[] = [];

/** Every remote with its state, backlog, last success and last error; add, edit, test, pause, remove, Export now. */
export function RemotesPage() {
  const statuses = useEngineStore((s) => s.status?.remotes ?? NO_REMOTES);
  const { remotes, reload } = useRemoteSettings();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  async function exportAll() {
    setBusy(true);
    setProblem(undefined);
    try {
      const after = await exportNow();
      const failed = after.filter((r) => r.lastError);
      if (failed.length) setProblem(failed.map((r) => `${r.name}: ${r.lastError}`).join('; '));
    } catch (err) {
      setProblem(errorWords(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="primary" onClick={() => void exportAll()} disabled={busy || statuses.length === 0}>
          {busy ? 'Exporting…' : 'Export now to all'}
        </button>
        <button type="button" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
          Add remote
        </button>
      </div>
      <ErrorText text={problem} />
      {adding ? (
        <section className="card" aria-label="New remote">
          <RemoteForm
            onSaved={() => {
              setAdding(false);
              reload();
            }}
            onCancel={() => setAdding(false)}
          />
        </section>
      ) : null}
      {statuses.length === 0 && !adding ? (
        <section className="card empty">
          <p>No remotes: nothing leaves this machine.</p>
          <p className="muted">Add a devlog server to share with your team or your other machines, or a folder that syncs (Dropbox, Syncthing, a NAS).</p>
        </section>
      ) : null}
      {statuses.map((status) => (
        <RemoteCard key={status.name} status={status} settings={remotes.find((r) => r.name === status.name)} onChanged={reload} />
      ))}
      <MachinesPanel remotes={remotes} />
    </div>
  );
}
