import type { TranscriptEntry, TranscriptMessage } from '../../../src-shared/contract/index.js';
import { formatTime } from '../shared/format.js';
import { Collapsible } from './Collapsible.js';
import { MessageText } from './MessageText.js';
import { ToolCall } from './ToolCall.js';

/** What the human did not type, or did not need to read: folded by default, with what it is. */
function foldedLabel(m: TranscriptMessage): string | undefined {
  if (m.kind === 'thinking') return 'Thinking';
  if (m.isMeta) return 'Injected context';
  if (m.kind === 'compact_summary') return 'Summary of earlier conversation';
  if (m.kind === 'event') return 'Event';
  return undefined;
}

function roleLabel(m: TranscriptMessage): string {
  if (m.role === 'user') return 'You';
  if (m.role === 'assistant') return m.model ? `Assistant · ${m.model}` : 'Assistant';
  return m.role;
}

export function TranscriptEntryView({ entry, isNew }: { entry: TranscriptEntry; isNew: boolean }) {
  if (entry.type === 'tool_call') {
    return (
      <article className={`turn turn-tool${isNew ? ' is-new' : ''}`} aria-label={`Tool call ${entry.call.name}`}>
        <ToolCall call={entry.call} />
      </article>
    );
  }
  const m = entry;
  const folded = foldedLabel(m);
  const text = m.text.trim();
  return (
    <article className={`turn turn-${m.role}${m.isSidechain ? ' sidechain' : ''}${isNew ? ' is-new' : ''}`} aria-label={`${roleLabel(m)} message`} data-entry-id={m.id}>
      <header className="turn-head">
        <strong>{roleLabel(m)}</strong>
        {m.isSidechain ? <span className="subagent-mark">subagent</span> : null}
        {isNew ? <span className="new-mark">new</span> : null}
        <time className="muted" dateTime={m.time ?? undefined}>
          {formatTime(m.time)}
        </time>
      </header>
      {text ? (
        folded ? (
          <Collapsible className="folded" label={folded}>
            <MessageText text={m.text} />
          </Collapsible>
        ) : (
          <MessageText text={m.text} />
        )
      ) : null}
      {m.toolCalls.map((call) => (
        <ToolCall key={call.id} call={call} />
      ))}
    </article>
  );
}
