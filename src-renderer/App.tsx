import { useEffect } from 'react';
import { ActivityPage } from './features/activity/ActivityPage.js';
import { loadOnboardingState, useOnboardingStore } from './features/onboarding/onboarding-store.js';
import { OnboardingWizard } from './features/onboarding/OnboardingWizard.js';
import { ReopenOnboarding } from './features/onboarding/ReopenOnboarding.js';
import { RemotesPage } from './features/remotes/RemotesPage.js';
import { ConnectionBanner } from './features/shell/ConnectionBanner.js';
import { NAV_ITEMS } from './features/shell/nav.js';
import { Sidebar } from './features/shell/Sidebar.js';
import { useHashPage } from './features/shell/use-hash-page.js';
import { PlannedPage } from './features/placeholder/PlannedPage.js';
import { useEngineStore } from './stores/engine-store.js';

export function App() {
  const [page, setPage] = useHashPage();
  const client = useEngineStore((s) => s.client);
  const wizardOpen = useOnboardingStore((s) => s.open);
  useEffect(() => {
    // The engine decides (a data folder set up before, e.g. in the headless UI, skips it).
    if (client) void loadOnboardingState().catch(() => undefined);
  }, [client]);
  if (wizardOpen) return <OnboardingWizard />;
  const item = NAV_ITEMS.find((n) => n.id === page)!;
  return (
    <div className="app">
      <Sidebar current={page} onSelect={setPage} />
      <main className="content" aria-labelledby="page-title">
        <ConnectionBanner />
        <h1 id="page-title">{item.label}</h1>
        {page === 'activity' ? <ActivityPage /> : page === 'remotes' ? <RemotesPage /> : page === 'settings' ? (
          <div className="stack">
            <PlannedPage item={item} />
            <ReopenOnboarding />
          </div>
        ) : (
          <PlannedPage item={item} />
        )}
      </main>
    </div>
  );
}
