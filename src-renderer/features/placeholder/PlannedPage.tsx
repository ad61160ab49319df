import type { NavItem } from '../shell/nav.js';

export function PlannedPage({ item }: { item: NavItem }) {
  return (
    <section className="card empty">
      <p>{item.purpose}</p>
      <p className="muted">This page arrives with its feature; the engine already collects what it will show.</p>
    </section>
  );
}
