import type { SessionSummary } from '../../../src-shared/contract/index.js';

/** A file name that is safe on every OS: agent and the agent's own id. */
export function markdownFileName(session: Pick<SessionSummary, 'agent' | 'nativeId'>): string {
  return `${session.agent}-${session.nativeId}`.replace(/[^A-Za-z0-9._-]+/g, '_') + '.md';
}

/** Saves text as a file through the browser's own download (works the same in Electron). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
