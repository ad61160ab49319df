import type { RemoteStatus } from '../../src-shared/contract/index.js';

export interface RemoteErrorNotice {
  title: string;
  body: string;
}

/**
 * Says once when a remote turns to error (not on every status push while it stays there, and
 * again only after it recovered and failed anew). A remote already in error when the app starts
 * is said too: the user has not heard of it in this session.
 */
export class RemoteErrorNotifier {
  private readonly inError = new Set<string>();

  constructor(private readonly notify: (notice: RemoteErrorNotice) => void) {}

  update(remotes: readonly RemoteStatus[]): void {
    const now = new Set<string>();
    for (const r of remotes) {
      if (r.state !== 'error') continue;
      now.add(r.name);
      if (!this.inError.has(r.name)) this.notify({ title: `devlog cannot export to ${r.name}`, body: r.lastError ?? 'The export failed; open devlog for details.' });
    }
    this.inError.clear();
    for (const name of now) this.inError.add(name);
  }
}
