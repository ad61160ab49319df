import { useEffect, useState, type FormEvent } from 'react';
import type { LoginFlowState, RemoteSettings } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { errorWords } from '../remotes/remote-words.js';
import { ErrorText } from '../shared/Notice.js';

/** The engine answers at once; the server's approval shows up within its poll interval. */
const POLL_MS = 1000;

interface Props {
  /** The remote is added (pull on) and the user signed in: the wizard goes on to its routing. */
  onSignedIn(settings: RemoteSettings, user: string): void;
  onCancel(): void;
}

const withoutMethod = (text: string) => text.replace(/^machines\.[\w.]+: /, '');

/**
 * Signing this machine in to a devlog server by code, as `devlog login` does: the engine asks
 * the server for a code and waits for a machine already signed in to approve it; this shows the
 * code and follows the engine's state (so a reload picks up a sign-in still waiting).
 */
export function CodeSignIn({ onSignedIn, onCancel }: Props) {
  const client = useEngineStore((s) => s.client);
  const [name, setName] = useState('team');
  const [url, setUrl] = useState('');
  const [login, setLogin] = useState<LoginFlowState>({ state: 'idle' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  // Follow the engine's sign-in while one is waiting; on opening, pick up only one still waiting
  // (after a reload), not the outcome of an earlier sign-in.
  const waiting = login.state === 'waiting';
  useEffect(() => {
    if (!client) return;
    let live = true;
    const read = () =>
      client
        .call('machines.login.state')
        .then((s) => {
          if (!live || (!waiting && s.state !== 'waiting')) return;
          setLogin(s);
          if (s.state === 'waiting') {
            setUrl(s.url);
            setName(s.remote);
          }
        })
        .catch((err: unknown) => live && setProblem(withoutMethod(errorWords(err))));
    void read();
    if (!waiting) return () => void (live = false);
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, waiting]);

  useEffect(() => {
    if (login.state === 'approved') onSignedIn(login.settings, login.user);
    // onSignedIn is the wizard's; only the state change matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [login.state]);

  async function start(event?: FormEvent) {
    event?.preventDefault();
    if (!client) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const started = await client.call('machines.login.start', { url: url.trim(), remote: name.trim() });
      setLogin({ state: 'waiting', ...started });
    } catch (err) {
      setProblem(withoutMethod(errorWords(err)));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (client && login.state === 'waiting') await client.call('machines.login.cancel').catch(() => undefined);
    onCancel();
  }

  if (login.state === 'waiting') {
    return (
      <section className="stack code-sign-in" aria-label="Sign in with a code">
        <p>
          To let this machine (&ldquo;{login.machineName}&rdquo;) in to {login.url}, approve this code on a machine already signed in:
        </p>
        <p className="login-code" data-testid="login-code">
          {login.code}
        </p>
        <p>
          Run <code data-testid="approve-command">devlog machines approve {login.code}</code> there, or approve it in devlog on a machine already signed in
          (Remotes &gt; Your machines).
        </p>
        <p className="muted" role="status">
          Waiting for the approval… the code expires at {new Date(login.expiresAt).toLocaleTimeString()}.
        </p>
        <ErrorText text={problem} />
        <div className="row">
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      </section>
    );
  }

  if (login.state === 'approved') {
    return (
      <p className="ok" role="status" data-testid="signed-in">
        Signed in as {login.user}
      </p>
    );
  }

  const over = login.state === 'expired' || login.state === 'failed' ? login : undefined;
  return (
    <form className="remote-form stack code-sign-in" aria-label="Sign in with a code" onSubmit={(e) => void start(e)}>
      <p className="muted">
        No token at hand? devlog shows a code here; a machine already signed in to the server lets this one in, and it gets a token of its own.
      </p>
      <label className="field">
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" />
      </label>
      <label className="field">
        Server URL
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://devlog.example.com" required />
      </label>
      {over ? (
        <p className="error" role="alert" data-testid="login-problem">
          {over.state === 'expired' ? 'The code expired before a machine approved it.' : `Signing in failed: ${withoutMethod(over.error)}`}
        </p>
      ) : null}
      <ErrorText text={problem} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !url.trim()}>
          {busy ? 'Asking the server…' : over ? 'Get a new code' : 'Get a code'}
        </button>
        <button type="button" onClick={onCancel}>
          Use a token instead
        </button>
      </div>
    </form>
  );
}
