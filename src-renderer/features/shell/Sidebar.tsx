import { useEngineStore } from '../../stores/engine-store.js';
import { NAV_ITEMS, type PageId } from './nav.js';

export function Sidebar({ current, onSelect }: { current: PageId; onSelect: (id: PageId) => void }) {
  const state = useEngineStore((s) => (s.connection === 'connected' ? s.status?.state : s.connection));
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        devlog <span className={`dot state-${state ?? 'connecting'}`} title={state} />
      </div>
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className={item.id === current ? 'active' : ''}
              aria-current={item.id === current ? 'page' : undefined}
              onClick={() => onSelect(item.id)}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
