import { useEffect, useState } from 'react';
import { NAV_ITEMS, type PageId } from './nav.js';

/** The page in the address (`#/stats`), so reload, back and a bookmark keep it. '#popover' is the tray window's. */
export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return NAV_ITEMS.find((n) => n.id === id)?.id ?? 'activity';
}

export function usePageRoute(): [PageId, (page: PageId) => void] {
  const [page, setPage] = useState(() => pageFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [page, (next) => (location.hash = `#/${next}`)];
}
