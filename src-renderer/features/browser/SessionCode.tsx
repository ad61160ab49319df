import { useEffect, useState } from 'react';
import type { ResumeCommand, SessionFile } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { Collapsible } from './Collapsible.js';

/** The shell line that resumes the session in its agent, run from its workspace. */
export function ResumeLine({ resume }: { resume: ResumeCommand }) {
  const [copied, setCopied] = useState(false);
  const line = resume.cwd ? `cd ${shellQuote(resume.cwd)} && ${resume.command}` : resume.command;
  return (
    <div className="resume row">
      <span className="muted">Resume</span>
      <code className="mono ellipsis" data-testid="resume-command" title={line}>
        {line}
      </code>
      <button type="button" onClick={() => void navigator.clipboard.writeText(line).then(() => setCopied(true))}>
        {copied ? 'Copied' : 'Copy resume command'}
      </button>
    </div>
  );
}

/** Quotes a folder for a POSIX shell when it needs it. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The files the session's tools changed and read (changed first), asked when the session opens or changes. */
export function SessionFiles({ sessionId, version }: { sessionId: string; version: number }) {
  const client = useEngineStore((s) => s.client);
  const [answer, setAnswer] = useState<{ for: string; files: SessionFile[] } | undefined>();
  useEffect(() => {
    if (!client) return;
    const abort = new AbortController();
    client
      .callWith({ signal: abort.signal }, 'sessions.files', { sessionId })
      .then((r) => setAnswer({ for: sessionId, files: r.files }))
      .catch(() => undefined);
    return () => abort.abort();
  }, [client, sessionId, version]);
  const files = answer?.for === sessionId ? answer.files : [];
  if (!files.length) return null;
  const changed = files.filter((f) => f.actions.some((a) => a !== 'read' && a !== 'search')).length;
  return (
    <Collapsible className="session-files" label={`Files: ${changed} changed, ${files.length - changed} read`}>
      <ul className="files" aria-label="Files touched">
        {files.map((f) => (
          <li key={f.path}>
            <span className="mono">{f.path}</span> <span className="muted">{f.actions.join(', ')}</span>
          </li>
        ))}
      </ul>
    </Collapsible>
  );
}
