import { useId, useState, type FormEvent } from 'react';
import type { RemoteCheckResult, RemoteSettings } from '../../../src-shared/contract/index.js';
import { AGENT_IDS, type AgentId } from '../../../src-shared/domain.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { errorWords, folderPath, folderUrl, globList } from './remote-words.js';
import { RoutingPreviewView } from './RoutingPreviewView.js';

type Kind = 'server' | 'folder';

interface Props {
  /** Given: edit this remote's routing (and optionally its secret); absent: add a new one. */
  existing?: RemoteSettings;
  onSaved(remote: RemoteSettings): void;
  onCancel?(): void;
  /** The wizard's wording for the button. */
  saveLabel?: string;
}

/** Test connection's answer in words: who you are signed in as, or why not. */
function CheckResult({ result }: { result: RemoteCheckResult }) {
  if (result.problem) {
    return (
      <p className="error" role="alert" data-testid="check-result">
        {result.problem}
      </p>
    );
  }
  return (
    <p className="ok" role="status" data-testid="check-result">
      {result.authenticatedAs ? `Connected: signed in as ${result.authenticatedAs}` : 'Connected: the folder is there and writable'}
    </p>
  );
}

/**
 * Adding a remote (a devlog server with its token, or a folder with an optional passphrase) or
 * editing one's routing: Test connection before saving, and a live preview of what would go.
 */
export function RemoteForm({ existing, onSaved, onCancel, saveLabel }: Props) {
  const client = useEngineStore((s) => s.client);
  const id = useId();
  const editing = existing !== undefined;
  const [kind, setKind] = useState<Kind>(existing?.url.startsWith('file:') ? 'folder' : 'server');
  const [name, setName] = useState(existing?.name ?? 'team');
  const [server, setServer] = useState(existing && !existing.url.startsWith('file:') ? existing.url : '');
  const [folder, setFolder] = useState(existing?.url.startsWith('file:') ? folderPath(existing.url) : '');
  const [secret, setSecret] = useState('');
  const [include, setInclude] = useState(existing?.include.join('\n') ?? '');
  const [exclude, setExclude] = useState(existing?.exclude.join('\n') ?? '');
  const [agents, setAgents] = useState<AgentId[]>(existing?.agents ?? []);
  const [auto, setAuto] = useState(existing?.auto ?? true);
  const [redact, setRedact] = useState(existing?.redact ?? true);
  const [check, setCheck] = useState<RemoteCheckResult | undefined>();
  const [busy, setBusy] = useState<'testing' | 'saving' | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const url = kind === 'server' ? server.trim() : folder.trim() ? folderUrl(folder) : '';
  const secretField = kind === 'server' ? 'tokenValue' : 'passphraseValue';
  const includeList = globList(include);
  const excludeList = globList(exclude);

  async function testConnection() {
    if (!client) return;
    setBusy('testing');
    setCheck(undefined);
    setProblem(undefined);
    try {
      // A saved remote is tested as saved unless a new secret was typed; a new one with what is typed.
      const result =
        editing && !secret
          ? await client.call('remotes.test', { name: existing.name })
          : await client.call('remotes.check', { url, ...(secret ? { [secretField]: secret } : {}) });
      setCheck({ reachable: result.reachable, authenticatedAs: result.authenticatedAs, problem: result.problem });
    } catch (err) {
      setProblem(errorWords(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!client) return;
    setBusy('saving');
    setProblem(undefined);
    const routing = { include: includeList, exclude: excludeList, agents, auto, redact };
    try {
      const saved = editing
        ? await client.call('remotes.edit', { name: existing.name, ...routing, ...(secret ? { [secretField]: secret } : {}) })
        : await client.call('remotes.add', { name: name.trim(), url, ...routing, ...(secret ? { [secretField]: secret } : {}) });
      onSaved(saved);
    } catch (err) {
      setProblem(errorWords(err));
    } finally {
      setBusy(undefined);
    }
  }

  const toggleAgent = (agent: AgentId) => setAgents((list) => (list.includes(agent) ? list.filter((a) => a !== agent) : [...list, agent]));

  return (
    <form className="remote-form stack" onSubmit={(e) => void save(e)} aria-label={editing ? `Edit ${existing.name}` : 'Add a remote'}>
      {editing ? null : (
        <fieldset className="row">
          <legend>Where to</legend>
          <label>
            <input type="radio" name={`${id}-kind`} checked={kind === 'server'} onChange={() => setKind('server')} /> A devlog server
          </label>
          <label>
            <input type="radio" name={`${id}-kind`} checked={kind === 'folder'} onChange={() => setKind('folder')} /> A folder (Dropbox, Syncthing, NAS)
          </label>
        </fieldset>
      )}
      {editing ? null : (
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" />
        </label>
      )}
      {editing ? null : kind === 'server' ? (
        <label className="field">
          Server URL
          <input type="url" value={server} onChange={(e) => setServer(e.target.value)} placeholder="https://devlog.example.com" required />
        </label>
      ) : (
        <label className="field">
          Folder
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/mnt/nas/devlog" required />
        </label>
      )}
      <label className="field">
        {kind === 'server' ? (editing ? 'New token (leave empty to keep the saved one)' : 'Token') : editing ? 'New passphrase (leave empty to keep it)' : 'Passphrase (optional: encrypts what is written there)'}
        <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} required={!editing && kind === 'server'} />
      </label>
      <div className="row">
        <button type="button" onClick={() => void testConnection()} disabled={!url || busy !== undefined}>
          {busy === 'testing' ? 'Testing…' : 'Test connection'}
        </button>
        {check ? <CheckResult result={check} /> : null}
      </div>

      <fieldset className="stack">
        <legend>What goes there</legend>
        <label className="field">
          Only these workspaces (globs, one per line; empty: all)
          <textarea rows={2} value={include} onChange={(e) => setInclude(e.target.value)} placeholder="~/work/**" />
        </label>
        <label className="field">
          Never these workspaces
          <textarea rows={2} value={exclude} onChange={(e) => setExclude(e.target.value)} placeholder="~/work/secret" />
        </label>
        <div className="row wrap" role="group" aria-label="Agents">
          <span className="muted">Agents (none ticked: all)</span>
          {AGENT_IDS.map((agent) => (
            <label key={agent}>
              <input type="checkbox" checked={agents.includes(agent)} onChange={() => toggleAgent(agent)} /> {agent}
            </label>
          ))}
        </div>
        <RoutingPreviewView include={includeList} exclude={excludeList} agents={agents} />
        <label>
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> Export automatically
        </label>
        <label>
          <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} /> Redact secrets before they leave (recommended)
        </label>
      </fieldset>

      {problem ? (
        <p className="error" role="alert" data-testid="form-problem">
          {problem}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy !== undefined || (!editing && !url)}>
          {busy === 'saving' ? 'Saving…' : (saveLabel ?? (editing ? 'Save' : 'Add remote'))}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
