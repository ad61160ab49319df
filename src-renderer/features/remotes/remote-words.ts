import type { RemoteState, RemoteStatus } from '../../../src-shared/contract/index.js';

const STATE_WORDS: Record<RemoteState, string> = {
  synced: 'Synced',
  pending: 'Waiting',
  offline: 'Offline',
  error: 'Error',
  paused: 'Paused',
};

/** The chip's text: the state, with what is waiting when something is. */
export function remoteChipText(r: Pick<RemoteStatus, 'state' | 'backlog'>): string {
  if (r.state === 'pending' || (r.state !== 'synced' && r.backlog > 0)) return `${STATE_WORDS[r.state]} · ${r.backlog} to send`;
  return STATE_WORDS[r.state];
}

/** A folder path as the file:/// URL a folder remote is (Windows drive letters included). */
export function folderUrl(folder: string): string {
  const slashed = folder.trim().replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${encodeURI(absolute).replace(/[?#]/g, encodeURIComponent)}`;
}

/** Back from a file:/// URL to the path the user typed. */
export function folderPath(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

/** One glob per line (or comma), blanks dropped: the routing fields' text to lists. */
export function globList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((g) => g.trim())
    .filter(Boolean);
}

/** What a failed call says, without the method prefix the engine adds for the CLI. */
export function errorWords(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^remotes\.\w+: /, '');
}
