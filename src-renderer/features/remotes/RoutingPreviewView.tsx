import type { AgentId } from '../../../src-shared/domain.js';
import { formatCount } from '../activity/format.js';
import { useRoutingPreview } from './use-remotes.js';

/** Live: which workspaces and how many local sessions these rules would send. */
export function RoutingPreviewView({ include, exclude, agents }: { include: string[]; exclude: string[]; agents: AgentId[] }) {
  const { preview, problem } = useRoutingPreview(include, exclude, agents);
  return (
    <section className="routing-preview" aria-label="Routing preview" aria-live="polite">
      {problem ? <p className="error">{problem}</p> : null}
      {preview ? (
        <>
          <p data-testid="preview-total">
            <strong>{formatCount(preview.matchingSessions)}</strong> session{preview.matchingSessions === 1 ? '' : 's'} from{' '}
            {formatCount(preview.workspaces.length)} workspace{preview.workspaces.length === 1 ? '' : 's'} would be sent
          </p>
          {preview.workspaces.length ? (
            <ul className="preview-list">
              {preview.workspaces.slice(0, 8).map((w) => (
                <li key={w.workspace}>
                  <span className="mono">{w.workspace}</span> <span className="muted">{formatCount(w.sessions)}</span>
                </li>
              ))}
              {preview.workspaces.length > 8 ? <li className="muted">and {preview.workspaces.length - 8} more</li> : null}
            </ul>
          ) : null}
        </>
      ) : problem ? null : (
        <p className="muted">Counting matching sessions…</p>
      )}
    </section>
  );
}
