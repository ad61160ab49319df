import { Suspense } from 'react';
import { ConnectionBanner } from './features/shell/ConnectionBanner.js';
import { NAV_ITEMS } from './features/shell/nav.js';
import { PAGES } from './features/shell/page-registry.js';
import { usePageRoute } from './features/shell/route.js';
import { Sidebar } from './features/shell/Sidebar.js';
import { PlannedPage } from './features/placeholder/PlannedPage.js';
import { useThemeFromSettings } from './stores/theme.js';

export function App() {
  const [page, setPage] = usePageRoute();
  useThemeFromSettings();
  const item = NAV_ITEMS.find((n) => n.id === page)!;
  const Page = PAGES[page];
  return (
    <div className={`app page-${page}`}>
      <Sidebar current={page} onSelect={setPage} />
      <main className="content" aria-labelledby="page-title">
        <ConnectionBanner />
        <h1 id="page-title">{item.label}</h1>
        <Suspense fallback={<p className="muted">Loading…</p>}>{Page ? <Page /> : <PlannedPage item={item} />}</Suspense>
      </main>
    </div>
  );
}
