import { useEffect, useMemo, useRef, useState } from 'react';
import type { SessionQuery } from '../../../src-shared/contract/index.js';
import { FilterBar } from '../shared/FilterBar.js';
import { formatCount } from '../shared/format.js';
import { EMPTY_FILTERS, toSessionFilter, type FilterForm } from '../shared/session-filters.js';
import { useDebounced } from '../shared/use-debounced.js';
import { ReadingPane } from './ReadingPane.js';
import { SessionList } from './SessionList.js';
import { useSessionList } from './use-session-list.js';

/** Typing settles this long before the engine is asked (and a newer question cancels the older). */
const SEARCH_DEBOUNCE_MS = 150;

/** True when a key press belongs to a text field, so `/` there types a slash. */
function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function BrowserPage() {
  const [filters, setFilters] = useState<FilterForm>(EMPTY_FILTERS);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const searchBox = useRef<HTMLInputElement>(null);
  const settledSearch = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const query = useMemo<SessionQuery>(() => ({ ...toSessionFilter(filters), ...(settledSearch ? { search: settledSearch, snippetsPerSession: 2 } : {}) }), [filters, settledSearch]);
  const list = useSessionList(query);

  // `/` anywhere on the page goes to the search box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return;
      e.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const pending = list.loading || settledSearch !== search.trim();
  return (
    <div className="browser">
      <div className="browser-controls">
        <label className="search">
          <span className="visually-hidden">Search sessions</span>
          <input
            ref={searchBox}
            type="search"
            role="searchbox"
            aria-label="Search sessions"
            placeholder="Search messages and tool calls  ( / )"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              // Down from the search box goes into the results.
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                document.querySelector<HTMLElement>('[role="listbox"][aria-label="Sessions"]')?.focus();
              }
            }}
          />
        </label>
        <FilterBar value={filters} onChange={setFilters} />
        {/* Fixed-height line: the count and "Searching…" never push the list around. */}
        <p className="list-status muted" aria-live="polite" data-testid="list-status">
          {list.error ? <span className="error">{list.error}</span> : pending ? 'Searching…' : `${formatCount(list.sessions.length)}${list.hasMore ? '+' : ''} ${list.sessions.length === 1 && !list.hasMore ? 'session' : 'sessions'}`}
        </p>
      </div>
      <div className="browser-panes">
        <SessionList
          sessions={list.sessions}
          selectedId={selected}
          hasMore={list.hasMore}
          onSelect={setSelected}
          onOpen={setOpen}
          onNeedMore={list.loadMore}
        />
        <ReadingPane id={open} />
      </div>
    </div>
  );
}
