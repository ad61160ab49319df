import { useEffect, useRef, useState } from 'react';
import type { SessionTranscript } from '../../../src-shared/contract/index.js';
import { useEngineStore } from '../../stores/engine-store.js';
import { useSessionChanges } from '../../stores/settings-store.js';

/** Long tool results are cut in the pane (the full text is in the Markdown download and `devlog show --full`). */
const MAX_RESULT_CHARS = 20_000;

export interface OpenTranscript {
  /** The open session's transcript; while another one loads, the one before (see `stale`). */
  transcript: SessionTranscript | undefined;
  /** The transcript shown is the previous session's: the asked one is on its way. */
  stale: boolean;
  error: string | undefined;
  /** Entry ids on screen when the user last looked (opened it, or marked it read). */
  seen: ReadonlySet<string> | undefined;
  markRead(): void;
}

const entryId = (e: SessionTranscript['entries'][number]) => (e.type === 'message' ? e.id : `tool:${e.call.id}`);

/**
 * The open session's transcript, fetched again whenever the collector commits rows of it,
 * with what was already there remembered, so new entries can be marked as new.
 */
export function useTranscript(id: string | undefined): OpenTranscript {
  const client = useEngineStore((s) => s.client);
  // Bumps when the collector commits rows of this very session: the transcript is asked again.
  const touched = useSessionChanges((c) => (id && c.ids.has(id) ? c.version : 0));
  const [transcript, setTranscript] = useState<SessionTranscript | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [seen, setSeen] = useState<ReadonlySet<string> | undefined>();
  const opened = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!client || !id) return;
    const abort = new AbortController();
    client
      .callWith({ signal: abort.signal }, 'sessions.show', { id, maxResultChars: MAX_RESULT_CHARS })
      .then((t) => {
        setTranscript(t);
        setError(undefined);
        // Opening a session marks everything in it as seen; later refreshes keep that set.
        if (opened.current !== id) {
          opened.current = id;
          setSeen(new Set(t.entries.map(entryId)));
        }
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError((err as Error).message);
      });
    return () => abort.abort();
  }, [client, id, touched]);

  return {
    transcript: id ? transcript : undefined,
    stale: !!transcript && transcript.session.id !== id,
    error,
    seen,
    markRead: () => transcript && setSeen(new Set(transcript.entries.map(entryId))),
  };
}

export { entryId };
