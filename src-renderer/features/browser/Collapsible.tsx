import { useId, useState, type ReactNode } from 'react';

/**
 * A folded section with a real button (aria-expanded), so it is reachable by keyboard and
 * found by role: tool calls, thinking and injected context start folded.
 */
export function Collapsible({ label, className, defaultOpen = false, children }: { label: ReactNode; className?: string; defaultOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  return (
    <div className={`collapsible ${className ?? ''}${open ? ' open' : ''}`}>
      <button type="button" className="collapsible-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {label}
      </button>
      {open ? (
        <div id={id} className="collapsible-body">
          {children}
        </div>
      ) : null}
    </div>
  );
}
