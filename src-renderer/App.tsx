import { useState } from 'react';
import { ActivityPage } from './features/activity/ActivityPage.js';
import { ConnectionBanner } from './features/shell/ConnectionBanner.js';
import { NAV_ITEMS, type PageId } from './features/shell/nav.js';
import { Sidebar } from './features/shell/Sidebar.js';
import { PlannedPage } from './features/placeholder/PlannedPage.js';

export function App() {
  const [page, setPage] = useState<PageId>('activity');
  const item = NAV_ITEMS.find((n) => n.id === page)!;
  return (
    <div className="app">
      <Sidebar current={page} onSelect={setPage} />
      <main className="content" aria-labelledby="page-title">
        <ConnectionBanner />
        <h1 id="page-title">{item.label}</h1>
        {page === 'activity' ? <ActivityPage /> : <PlannedPage item={item} />}
      </main>
    </div>
  );
}
