import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { SessionSummary } from '../../../src-shared/contract/index.js';
import { formatCompact, formatShortTime, formatTime, totalTokens } from '../shared/format.js';
import { Highlighted } from './Highlighted.js';

/** Fixed heights: rows never change size as results stream in, so nothing on screen jumps. */
const ROW_HEIGHT = 40;
const ROW_WITH_SNIPPETS = 86;

export function sessionTitle(s: SessionSummary): string {
  return s.title?.trim() || '(untitled session)';
}

/** The last folder of a workspace path: what a column has room for (the full path is the tooltip). */
function shortWorkspace(ws: string | null): string {
  if (!ws) return '—';
  return ws.split(/[\\/]/).filter(Boolean).at(-1) ?? ws;
}

interface Props {
  sessions: SessionSummary[];
  selectedId: string | undefined;
  hasMore: boolean;
  onSelect(id: string): void;
  onOpen(id: string): void;
  onNeedMore(): void;
}

/**
 * The session list: a virtualized listbox (only the rows in view are in the DOM, so 50,000
 * sessions scroll like 50). Up/Down move the selection, Enter opens it, a click does both.
 */
export function SessionList({ sessions, selectedId, hasMore, onSelect, onOpen, onNeedMore }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const searching = sessions.some((s) => s.snippets?.length);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands out functions the compiler cannot memoize; this component is left uncompiled
  const virtualizer = useVirtualizer({
    count: sessions.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => (searching ? ROW_WITH_SNIPPETS : ROW_HEIGHT),
    overscan: 12,
    getItemKey: (i) => sessions[i]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const selectedIndex = sessions.findIndex((s) => s.id === selectedId);

  // Near the end of what is loaded: ask for the next page.
  const lastShown = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastShown >= sessions.length - 20) onNeedMore();
  }, [hasMore, lastShown, sessions.length, onNeedMore]);

  useEffect(() => {
    virtualizer.measure();
  }, [searching, virtualizer]);

  const move = (delta: number) => {
    if (!sessions.length) return;
    const next = Math.max(0, Math.min(sessions.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + delta));
    onSelect(sessions[next]!.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'PageDown') move(10);
    else if (e.key === 'PageUp') move(-10);
    else if (e.key === 'Home') move(-sessions.length);
    else if (e.key === 'End') move(sessions.length);
    else if (e.key === 'Enter' && selectedId) onOpen(selectedId);
    else return;
    e.preventDefault();
  };

  return (
    <div className="session-list">
      <div className="session-row session-head" aria-hidden="true">
        <span>Agent</span>
        <span>Workspace</span>
        <span>Title</span>
        <span>Started</span>
        <span>Model</span>
        <span className="num">Tokens</span>
      </div>
      <div
        ref={scroller}
        className="session-scroller"
        role="listbox"
        aria-label="Sessions"
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 ? `session-option-${selectedIndex}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const s = sessions[item.index]!;
            const selected = s.id === selectedId;
            return (
              <div
                key={item.key}
                id={`session-option-${item.index}`}
                role="option"
                aria-selected={selected}
                aria-label={`${sessionTitle(s)}, ${s.agent}, ${formatTime(s.startedAt)}`}
                className={`session-option${selected ? ' selected' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  onSelect(s.id);
                  onOpen(s.id);
                }}
              >
                <div className="session-row">
                  <span className={`agent-tag agent-${s.agent}`}>{s.agent}</span>
                  <span className="ellipsis" title={s.workspace ?? ''}>
                    {shortWorkspace(s.workspace)}
                  </span>
                  <span className="ellipsis title">
                    {s.starred ? (
                      <span className="star-mark" aria-label="starred" role="img">
                        ★
                      </span>
                    ) : null}
                    {s.parentSessionId ? <span className="subagent-mark">subagent</span> : null}
                    <span className="title-text">{sessionTitle(s)}</span>
                  </span>
                  <span title={formatTime(s.startedAt)}>{formatShortTime(s.startedAt)}</span>
                  <span className="ellipsis" title={s.models.join(', ')}>
                    {s.models[0] ?? '—'}
                  </span>
                  <span className="num">{formatCompact(totalTokens(s.tokens))}</span>
                </div>
                {s.snippets?.length ? (
                  <div className="snippets">
                    {s.snippets.slice(0, 2).map((snip) => (
                      <p key={`${snip.source}:${snip.id}`} className="snippet ellipsis">
                        <span className="snippet-role">{snip.toolName ?? snip.role}</span>
                        <Highlighted snippet={snip} />
                      </p>
                    ))}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
