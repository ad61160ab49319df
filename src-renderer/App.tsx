import { Suspense, useEffect } from 'react';
import { loadOnboardingState, useOnboardingStore } from './features/onboarding/onboarding-store.js';
import { OnboardingWizard } from './features/onboarding/OnboardingWizard.js';
import { ConnectionBanner } from './features/shell/ConnectionBanner.js';
import { NAV_ITEMS } from './features/shell/nav.js';
import { PAGES } from './features/shell/page-registry.js';
import { Sidebar } from './features/shell/Sidebar.js';
import { useHashPage } from './features/shell/use-hash-page.js';
import { PlannedPage } from './features/placeholder/PlannedPage.js';
import { useEngineStore } from './stores/engine-store.js';
import { useThemeFromSettings } from './stores/theme.js';

export function App() {
  const [page, setPage] = useHashPage();
  useThemeFromSettings();
  const client = useEngineStore((s) => s.client);
  const wizardOpen = useOnboardingStore((s) => s.open);
  useEffect(() => {
    // The engine decides (a data folder set up before, e.g. in the headless UI, skips it).
    if (client) void loadOnboardingState().catch(() => undefined);
  }, [client]);
  if (wizardOpen) return <OnboardingWizard />;
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
