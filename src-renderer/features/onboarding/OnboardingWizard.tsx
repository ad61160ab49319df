import { useEffect, useState } from 'react';
import type { DetectedSource, RemoteSettings } from '../../../src-shared/contract/index.js';
import { AGENT_NAMES, type AgentId } from '../../../src-shared/domain.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { formatBytes, formatCount } from '../activity/format.js';
import { exportNow } from '../remotes/export-now.js';
import { errorWords, remoteChipText } from '../remotes/remote-words.js';
import { RemoteForm } from '../remotes/RemoteForm.js';
import { CodeSignIn } from './CodeSignIn.js';
import { finishOnboarding } from './onboarding-store.js';
import '../remotes/remotes.css';
import './onboarding.css';
import { ErrorText } from '../shared/Notice.js';

const STEPS = [
  { id: 'welcome', label: 'Welcome' },
  { id: 'agents', label: 'Agents' },
  { id: 'remote', label: 'Remote' },
  { id: 'sync', label: 'Initial sync' },
] as const;
type StepId = (typeof STEPS)[number]['id'];

/** The agents on this machine, with their session counts as collection goes on. */
function useDetectedSources(): [DetectedSource[] | undefined, (sources: DetectedSource[]) => void] {
  const client = useEngineStore((s) => s.client);
  const sessions = useEngineStore((s) => s.status?.store.sessions);
  const [sources, setSources] = useState<DetectedSource[] | undefined>();
  useEffect(() => {
    if (!client) return;
    let live = true;
    client
      .call('sources.detected')
      .then((r) => live && setSources(r.sources))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, sessions]);
  return [sources, setSources];
}

function AgentsStep() {
  const client = useEngineStore((s) => s.client);
  const [sources, setSources] = useDetectedSources();
  const [problem, setProblem] = useState<string | undefined>();
  if (!sources) return <p className="muted">Looking for agents…</p>;
  const toggle = async (agent: AgentId, enabled: boolean) => {
    setProblem(undefined);
    // The box follows the click at once; the engine's answer (or its refusal) settles it.
    setSources(sources.map((s) => (s.agent === agent ? { ...s, enabled } : s)));
    try {
      setSources((await client!.call('sources.setEnabled', { agent, enabled })).sources);
    } catch (err) {
      setSources(sources);
      setProblem(errorWords(err));
    }
  };
  // Found agents first; the others stay listed (a folder can appear later) but say so.
  const ordered = [...sources].sort((a, b) => Number(b.detected) - Number(a.detected));
  return (
    <>
      <p>These agents were looked for on this machine. Untick one to leave its sessions alone.</p>
      <ul className="agents" aria-label="Agents">
        {ordered.map((s) => (
          <li key={s.agent} className={s.detected ? '' : 'absent'} data-testid={`agent-${s.agent}`}>
            <label>
              <input type="checkbox" checked={s.enabled} onChange={(e) => void toggle(s.agent, e.target.checked)} /> {AGENT_NAMES[s.agent]}
            </label>
            <span className="muted" data-testid={`agent-count-${s.agent}`}>
              {s.detected ? `${formatCount(s.sessions)} session${s.sessions === 1 ? '' : 's'}` : 'not found on this machine'}
            </span>
          </li>
        ))}
      </ul>
      <ErrorText text={problem} />
    </>
  );
}

/** History collection, then (with a remote) its first export, until everything is across. */
function SyncStep({ remote }: { remote: RemoteSettings | undefined }) {
  const status = useEngineStore((s) => s.status);
  if (!status) return <p className="muted">Waiting for the engine…</p>;
  const p = status.progress;
  const collecting = status.state === 'scanning' || status.state === 'starting';
  const remoteStatus = remote ? status.remotes.find((r) => r.name === remote.name) : undefined;
  const exported = !remote || (remoteStatus?.state === 'synced' && remoteStatus.backlog === 0);
  const done = !collecting && exported;
  return (
    <div className="stack" aria-live="polite">
      <section aria-label="Collecting history">
        <h2>Collecting your history</h2>
        {collecting && p.phase === 'scanning' ? (
          <div className="progress">
            <progress max={p.bytesTotal || 1} value={p.bytesDone} aria-label="History collected" />
            <span>
              {formatCount(p.filesDone)} / {formatCount(p.filesTotal)} files · {formatBytes(p.bytesDone)} / {formatBytes(p.bytesTotal)}
            </span>
          </div>
        ) : (
          <p data-testid="collected">
            {collecting ? 'Starting…' : `Done: ${formatCount(status.store.sessions)} sessions, ${formatCount(status.store.messages)} messages on this machine.`}
          </p>
        )}
      </section>
      {remote ? (
        <section aria-label={`Export to ${remote.name}`}>
          <h2>Sending to {remote.name}</h2>
          {remoteStatus ? (
            <p>
              <span className={`chip remote-${remoteStatus.state}`} data-testid="wizard-remote-state">
                {remoteChipText(remoteStatus)}
              </span>{' '}
              {remoteStatus.lastError ? <span className="error">{remoteStatus.lastError}</span> : null}
            </p>
          ) : (
            <p className="muted">Starting…</p>
          )}
        </section>
      ) : (
        <p className="muted">No remote: everything stays on this machine. You can add one later on the Remotes page.</p>
      )}
      {done ? (
        <p className="ok" role="status" data-testid="sync-done">
          Initial sync complete.
        </p>
      ) : null}
    </div>
  );
}

/**
 * First run (and re-opened from Settings): the privacy promise, the agents found here, an
 * optional remote with Test connection and a routing preview, then the initial sync. Every
 * step can be skipped; finishing or skipping is remembered for this data folder.
 */
export function OnboardingWizard() {
  const [step, setStep] = useState<StepId>('welcome');
  const [remote, setRemote] = useState<RemoteSettings | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  // The remote step: a token typed in, or a sign-in by code (then its routing, on the remote it added).
  const [byCode, setByCode] = useState(false);
  const [signedIn, setSignedIn] = useState<{ settings: RemoteSettings; user: string } | undefined>();
  const index = STEPS.findIndex((s) => s.id === step);
  const next = () => setStep(STEPS[Math.min(index + 1, STEPS.length - 1)]!.id);
  const back = () => setStep(STEPS[Math.max(index - 1, 0)]!.id);
  const goToSync = (saved: RemoteSettings) => {
    setRemote(saved);
    // Start the first export now rather than at the next interval; the sync step follows it.
    void exportNow(saved.name).catch(() => undefined);
    setStep('sync');
  };
  const finish = () => void finishOnboarding().catch((err: unknown) => setProblem(errorWords(err)));

  return (
    <main className="wizard" aria-labelledby="wizard-title">
      <div className="wizard-panel">
        <ol className="wizard-steps" aria-label="Setup steps">
          {STEPS.map((s) => (
            <li key={s.id} aria-current={s.id === step ? 'step' : undefined}>
              {s.label}
            </li>
          ))}
        </ol>
        {step === 'welcome' ? (
          <>
            <h1 id="wizard-title">Welcome to devlog</h1>
            <p className="promise" data-testid="privacy-promise">
              devlog keeps every AI coding session on this machine. Nothing leaves it until you add a remote, and then only the sessions its rules match, with
              secrets redacted.
            </p>
          </>
        ) : null}
        {step === 'agents' ? (
          <>
            <h1 id="wizard-title">Your agents</h1>
            <AgentsStep />
          </>
        ) : null}
        {step === 'remote' ? (
          <>
            <h1 id="wizard-title">Share with a remote (optional)</h1>
            <p className="muted">A devlog server (your team, your other machines) or a folder that syncs. You can also do this later.</p>
            {signedIn ? (
              <>
                <p className="ok" role="status" data-testid="signed-in">
                  Signed in as {signedIn.user}
                </p>
                <p className="muted">Remote {signedIn.settings.name} is added (this machine also pulls from it). Choose what goes there:</p>
                <RemoteForm existing={signedIn.settings} saveLabel="Save and continue" onSaved={goToSync} />
              </>
            ) : byCode ? (
              <CodeSignIn onSignedIn={(settings, user) => setSignedIn({ settings, user })} onCancel={() => setByCode(false)} />
            ) : (
              <>
                <p>
                  <button type="button" className="link" onClick={() => setByCode(true)}>
                    Sign in with a code instead
                  </button>{' '}
                  <span className="muted">(no token needed: a machine already signed in to the server approves this one)</span>
                </p>
                <RemoteForm saveLabel="Add remote and continue" onSaved={goToSync} />
              </>
            )}
          </>
        ) : null}
        {step === 'sync' ? (
          <>
            <h1 id="wizard-title">Initial sync</h1>
            <SyncStep remote={remote} />
          </>
        ) : null}
        <ErrorText text={problem} />
        <nav className="wizard-nav" aria-label="Setup">
          <button type="button" onClick={finish}>
            Skip setup
          </button>
          <div className="row">
            {/* Back from the sync step would offer to add the remote just added again. */}
            {index > 0 && step !== 'sync' ? (
              <button type="button" onClick={back}>
                Back
              </button>
            ) : null}
            {step === 'remote' ? (
              <button type="button" onClick={next}>
                Not now
              </button>
            ) : step === 'sync' ? (
              <button type="button" className="primary" onClick={finish}>
                Finish
              </button>
            ) : (
              <button type="button" className="primary" onClick={next}>
                {step === 'welcome' ? 'Get started' : 'Next'}
              </button>
            )}
          </div>
        </nav>
      </div>
    </main>
  );
}
