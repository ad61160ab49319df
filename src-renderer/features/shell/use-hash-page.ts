import { useEffect, useState } from 'react';
import { NAV_ITEMS, type PageId } from './nav.js';

function pageFromHash(): PageId | undefined {
  const id = location.hash.replace(/^#/, '');
  return NAV_ITEMS.find((n) => n.id === id)?.id;
}

/** The current page in the URL's hash (#remotes), so the tray can open the app on a page and reload keeps it. */
export function useHashPage(fallback: PageId = 'activity'): [PageId, (page: PageId) => void] {
  const [page, setPage] = useState<PageId>(() => pageFromHash() ?? fallback);
  useEffect(() => {
    const onChange = () => setPage(pageFromHash() ?? fallback);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [fallback]);
  return [
    page,
    (next) => {
      if (location.hash !== `#${next}`) location.hash = next;
      setPage(next);
    },
  ];
}
