import { useState } from 'react';
import { useEngineStore } from '../../stores/engine-store.js';
import { useProgressiveCount } from '../shared/use-progressive-count.js';
import { formatCompact, formatTime, totalTokens } from '../shared/format.js';
import { downloadText, markdownFileName } from './markdown-actions.js';
import { ResumeLine, SessionFiles } from './SessionCode.js';
import { StarButton } from './StarButton.js';
import { sessionTitle } from './SessionList.js';
import { TranscriptEntryView } from './TranscriptEntryView.js';
import { entryId, useTranscript } from './use-transcript.js';

/** The transcript of the open session, a mail client's reading pane. */
export function ReadingPane({ id }: { id: string | undefined }) {
  const client = useEngineStore((s) => s.client);
  const { transcript, stale, error, seen, markRead } = useTranscript(id);
  const [notice, setNotice] = useState<string | undefined>();
  const shown = useProgressiveCount(transcript?.entries.length ?? 0, transcript?.session.id);

  if (!id) return <section className="reading-pane empty" aria-label="Transcript"><p className="muted">Select a session to read it. ↑/↓ move, Enter opens, / searches.</p></section>;
  if (error) return <section className="reading-pane" aria-label="Transcript"><p role="alert" className="error">{error}</p></section>;
  if (!transcript) return <section className="reading-pane" aria-label="Transcript" aria-busy="true"><p className="muted">Loading…</p></section>;

  const s = transcript.session;
  const markdown = async () => (await client!.call('sessions.markdown', { id: s.id })).markdown;
  // The previous session stays on screen (dimmed) until the next arrives: no blank flash, no jump.
  const firstNew = seen && !stale ? transcript.entries.findIndex((e) => !seen.has(entryId(e))) : -1;
  const newCount = firstNew < 0 ? 0 : transcript.entries.length - firstNew;

  return (
    <section className={`reading-pane${stale ? ' stale' : ''}`} aria-label="Transcript" aria-busy={stale}>
      <header className="pane-head">
        <h2>{sessionTitle(s)}</h2>
        <dl className="facts compact">
          <dt>Agent</dt>
          <dd>{s.agent}</dd>
          <dt>Workspace</dt>
          <dd className="mono">{s.workspace ?? '—'}{s.gitBranch ? ` (${s.gitBranch})` : ''}</dd>
          <dt>Time</dt>
          <dd>
            {formatTime(s.startedAt)} – {formatTime(s.endedAt)}
          </dd>
          <dt>Models</dt>
          <dd>{s.models.join(', ') || '—'}</dd>
          <dt>Size</dt>
          <dd>
            {s.messageCount} messages · {s.toolCallCount} tool calls · {formatCompact(totalTokens(s.tokens))} tokens
          </dd>
        </dl>
        {transcript.resumeCommand ? <ResumeLine resume={transcript.resumeCommand} /> : null}
        <SessionFiles sessionId={s.id} version={transcript.entries.length} />
        <div className="row actions">
          <StarButton key={`${s.id}:${s.starred ? 1 : 0}`} id={s.id} starred={!!s.starred} />
          <button
            type="button"
            onClick={() =>
              void markdown()
                .then((md) => navigator.clipboard.writeText(md))
                .then(() => setNotice('Markdown copied'))
                .catch((err: Error) => setNotice(`Could not copy: ${err.message}`))
            }
          >
            Copy as Markdown
          </button>
          <button
            type="button"
            onClick={() =>
              void markdown()
                .then((md) => downloadText(markdownFileName(s), md))
                .catch((err: Error) => setNotice(`Could not download: ${err.message}`))
            }
          >
            Download Markdown
          </button>
          {newCount ? (
            <button type="button" onClick={markRead}>
              Mark {newCount} new as read
            </button>
          ) : null}
          <span aria-live="polite" className="muted">
            {notice}
          </span>
        </div>
      </header>
      <div className="turns">
        {transcript.entries.slice(0, shown).map((entry, i) => (
          <div key={entryId(entry)}>
            {i === firstNew ? (
              <div className="new-divider" role="separator" aria-label="New since you looked">
                New since you looked
              </div>
            ) : null}
            <TranscriptEntryView entry={entry} isNew={firstNew >= 0 && i >= firstNew} />
          </div>
        ))}
      </div>
    </section>
  );
}
