import { reopenOnboarding } from './onboarding-store.js';

/** Settings' way back into the wizard (agents, a first remote). */
export function ReopenOnboarding() {
  return (
    <section className="card" aria-label="Setup">
      <h2>Setup</h2>
      <p className="muted">Go through the first-run steps again: the agents devlog collects and a remote to share with.</p>
      <button type="button" onClick={reopenOnboarding}>
        Run setup again
      </button>
    </section>
  );
}
