import { useState } from 'react';
import type { SettingsUpdate, SourceSettings } from '../../../src-shared/contract/index.js';

/** Folders with whether they exist; a missing default only means the agent is not installed. */
function RootList({ roots, chosen, onRemove }: { roots: SourceSettings['roots']; chosen: boolean; onRemove?: (path: string) => void }) {
  return (
    <ul className="roots">
      {roots.map((r) => (
        <li key={r.path}>
          <span className="mono">{r.path}</span>{' '}
          {r.exists ? <span className="muted">(found)</span> : <span className={chosen ? 'warn-text' : 'muted'}>(not found)</span>}
          {onRemove ? (
            <button type="button" className="link" aria-label={`Remove folder ${r.path}`} onClick={() => onRemove(r.path)}>
              Remove
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** One agent: on/off, the folders it is collected from, and adding or resetting folders. */
function SourceRow({ source, save }: { source: SourceSettings; save: (u: SettingsUpdate) => Promise<boolean> }) {
  const [folder, setFolder] = useState('');
  // The switch moves at once; the engine's answer (or refusal) then settles it.
  const [switching, setSwitching] = useState<boolean | undefined>();
  const fromCli = source.rootsFrom === 'command-line';
  const setRoots = (roots: string[] | null) => save({ sources: { [source.agent]: { roots } } });
  return (
    <li className="source card" aria-label={`Source ${source.agent}`}>
      <div className="row">
        <label className="switch">
          <input
            type="checkbox"
            checked={switching ?? source.enabled}
            onChange={(e) => {
              setSwitching(e.target.checked);
              void save({ sources: { [source.agent]: { enabled: e.target.checked } } }).finally(() => setSwitching(undefined));
            }}
          />
          Collect {source.agent}
        </label>
        <span className="muted">{source.rootsFrom === 'default' ? 'default folders' : source.rootsFrom === 'config' ? 'your folders' : 'folders from --root (until restart)'}</span>
      </div>
      <RootList
        roots={source.roots}
        chosen={source.rootsFrom !== 'default'}
        {...(source.rootsFrom === 'config' && source.roots.length > 1 ? { onRemove: (path: string) => void setRoots(source.roots.map((r) => r.path).filter((p) => p !== path)) } : {})}
      />
      {source.rootsFrom !== 'default' ? (
        <>
          <p className="muted">Detected on this machine:</p>
          <RootList roots={source.detected} chosen={false} />
        </>
      ) : null}
      {!fromCli ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!folder.trim()) return;
            const current = source.rootsFrom === 'config' ? source.roots.map((r) => r.path) : source.detected.map((r) => r.path);
            void setRoots([...current, folder.trim()]).then((ok) => ok && setFolder(''));
          }}
        >
          <input type="text" aria-label={`Add a folder for ${source.agent}`} placeholder="/path/to/another/folder or ~/…" value={folder} onChange={(e) => setFolder(e.target.value)} />
          <button type="submit">Add folder</button>
          {source.rootsFrom === 'config' ? (
            <button type="button" onClick={() => void setRoots(null)}>
              Use default folders
            </button>
          ) : null}
        </form>
      ) : null}
    </li>
  );
}

export function SourcesSettings({ sources, save }: { sources: SourceSettings[]; save: (u: SettingsUpdate) => Promise<boolean> }) {
  return (
    <section className="card" aria-labelledby="settings-sources">
      <h2 id="settings-sources">Sources</h2>
      <p className="muted">Turning a source off stops watching and reading it at once; what is already collected stays.</p>
      <ul className="sources">
        {sources.map((s) => (
          <SourceRow key={s.agent} source={s} save={save} />
        ))}
      </ul>
    </section>
  );
}
