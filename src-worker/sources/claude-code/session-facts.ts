import type { SessionRecord } from '../types.js';

interface Facts {
  workspace?: string;
  title?: string;
  titleRank: number;
  gitBranch?: string;
  startedAt?: string;
  endedAt?: string;
  models: Set<string>;
  version?: string;
}

/** What one record says about its session. */
export interface SessionObservation {
  time?: string;
  cwd?: string;
  gitBranch?: string;
  model?: string;
  version?: string;
}

/** Locally generated replies (errors, interruptions) name this pseudo-model. */
const SYNTHETIC_MODEL = '<synthetic>';

/** Collects the session facts of one batch; `records()` gives one SessionRecord per session. */
export class SessionFacts {
  private readonly sessions = new Map<string, Facts>();

  observe(sessionId: string, seen: SessionObservation): void {
    const facts = this.factsOf(sessionId);
    // The first cwd is the project; later ones may be subfolders the agent cd'ed into.
    facts.workspace ??= seen.cwd;
    if (seen.gitBranch) facts.gitBranch = seen.gitBranch;
    if (seen.version) facts.version = seen.version;
    if (seen.model && seen.model !== SYNTHETIC_MODEL) facts.models.add(seen.model);
    if (seen.time) {
      if (!facts.startedAt || seen.time < facts.startedAt) facts.startedAt = seen.time;
      if (!facts.endedAt || seen.time > facts.endedAt) facts.endedAt = seen.time;
    }
  }

  /** Sets the title unless a better-ranked one is known (equal ranks: the later one wins). */
  setTitle(sessionId: string, title: string, rank: number): void {
    const facts = this.factsOf(sessionId);
    if (rank < facts.titleRank) return;
    facts.title = title;
    facts.titleRank = rank;
  }

  /** The rank of the best title given to the session so far (0: none). */
  titleRankOf(sessionId: string): number {
    return this.sessions.get(sessionId)?.titleRank ?? 0;
  }

  workspaceOf(sessionId: string): string | undefined {
    return this.sessions.get(sessionId)?.workspace;
  }

  /** Keeps a workspace known from earlier batches of the file (see ParserState). */
  pinWorkspace(sessionId: string, workspace: string): void {
    const facts = this.sessions.get(sessionId);
    if (facts) facts.workspace = workspace;
  }

  records(): SessionRecord[] {
    return [...this.sessions].map(([nativeId, f]) => ({
      nativeId,
      ...(f.workspace && { workspace: f.workspace }),
      ...(f.title && { title: f.title }),
      ...(f.gitBranch && { gitBranch: f.gitBranch }),
      ...(f.startedAt && { startedAt: f.startedAt }),
      ...(f.endedAt && { endedAt: f.endedAt }),
      ...(f.models.size > 0 && { models: [...f.models] }),
      ...(f.version && { extra: { version: f.version } }),
    }));
  }

  private factsOf(sessionId: string): Facts {
    let facts = this.sessions.get(sessionId);
    if (!facts) {
      facts = { models: new Set(), titleRank: 0 };
      this.sessions.set(sessionId, facts);
    }
    return facts;
  }
}
