import { useCallback, useEffect, useState } from 'react';
import type { MachineEntry, RemoteSettings } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { formatTime } from '../activity/format.js';
import { errorWords } from './remote-words.js';
import { ErrorText, Outcome } from '../shared/Notice.js';

const isServer = (r: RemoteSettings) => /^https?:\/\//.test(r.url);

/** The user's machines on one server remote, reloaded after each change made here. */
function useMachines(remote: string | undefined) {
  const client = useEngineStore((s) => s.client);
  const [machines, setMachines] = useState<MachineEntry[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!client || !remote) return;
    let live = true;
    client
      .call('machines.list', { remote })
      .then((r) => {
        if (!live) return;
        setMachines(r.machines);
        setProblem(undefined);
      })
      .catch((err: unknown) => live && setProblem(errorWords(err).replace(/^machines\.\w+: /, '')));
    return () => {
      live = false;
    };
  }, [client, remote, tick]);
  return { machines, problem, reload: useCallback(() => setTick((t) => t + 1), []) };
}

/**
 * Joining a machine without copying a token: `devlog login URL` on the new machine shows a code,
 * entered here it gets a token of its own. The list shows each machine's last sync; Revoke cuts
 * one off at once.
 */
export function MachinesPanel({ remotes }: { remotes: RemoteSettings[] }) {
  const client = useEngineStore((s) => s.client);
  const servers = remotes.filter(isServer);
  const [chosen, setChosen] = useState<string | undefined>();
  const remote = chosen && servers.some((r) => r.name === chosen) ? chosen : servers[0]?.name;
  const { machines, problem, reload } = useMachines(remote);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; bad: boolean } | undefined>();

  if (!remote) return null;

  async function act(action: () => Promise<string>) {
    setBusy(true);
    setNote(undefined);
    try {
      setNote({ text: await action(), bad: false });
      reload();
    } catch (err) {
      setNote({ text: errorWords(err).replace(/^machines\.\w+: /, ''), bad: true });
    } finally {
      setBusy(false);
    }
  }

  const approve = () =>
    act(async () => {
      const r = await client!.call('machines.approve', { code: code.trim(), remote });
      setCode('');
      return `Approved ${r.machine.name ?? r.machine.id}: it is now signed in to ${r.url} as ${r.user}`;
    });
  const revoke = (m: MachineEntry) =>
    act(async () => {
      const r = await client!.call('machines.revoke', { machine: m.id, remote });
      return `Revoked ${r.machine.name ?? r.machine.id}: its token no longer works`;
    });

  return (
    <section className="card" aria-label="Your machines">
      <header className="row">
        <h2>Your machines</h2>
        {servers.length > 1 ? (
          <label>
            on{' '}
            <select value={remote} onChange={(e) => setChosen(e.target.value)}>
              {servers.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted">on {remote}</span>
        )}
      </header>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          void approve();
        }}
      >
        <label>
          Code shown by <code>devlog login</code> on the new machine{' '}
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-EFGH" autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={busy || code.trim() === ''}>
          Let it in
        </button>
      </form>
      <Outcome note={note} />
      <ErrorText text={problem} />
      {machines ? (
        <table className="table" aria-label="Machines">
          <thead>
            <tr>
              <th>Machine</th>
              <th>Last sync</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {machines.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name ?? m.id}
                  {m.current ? ' (this machine)' : ''}
                </td>
                <td>{m.lastSyncAt ? formatTime(m.lastSyncAt) : 'never'}</td>
                <td>{m.revokedAt ? `revoked ${formatTime(m.revokedAt)}` : 'active'}</td>
                <td>
                  {!m.current && !m.revokedAt ? (
                    <button type="button" onClick={() => void revoke(m)} disabled={busy} aria-label={`Revoke ${m.name ?? m.id}`}>
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
