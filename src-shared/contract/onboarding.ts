import type { AgentId, IsoTime } from '../domain.js';

/** One agent as the onboarding wizard shows it: found on this machine? collected? how many sessions? */
export interface DetectedSource {
  agent: AgentId;
  /** One of its folders exists on this machine. */
  detected: boolean;
  enabled: boolean;
  /** Sessions of this agent in the store. */
  sessions: number;
  /** The folders it is read from (existing or not). */
  roots: string[];
}

/** Which local sessions a remote's routing rules would send, before the remote is saved. */
export interface RoutingPreview {
  matchingSessions: number;
  workspaces: { workspace: string; sessions: number }[];
}

/** What Test connection learns of a remote that is not saved yet (a server: who you are; a folder: writable?). */
export interface RemoteCheckResult {
  reachable: boolean;
  authenticatedAs: string | null;
  /** In words, null when all is well. */
  problem: string | null;
}

/** The onboarding wizard's and the Remotes page's questions that need no saved remote. */
export type OnboardingMethods = {
  /** When the user finished (or skipped) the wizard on this data folder; null: show it. */
  'onboarding.state': { params: void; result: { completedAt: IsoTime | null } };
  'onboarding.complete': { params: void; result: { completedAt: IsoTime } };
  'sources.detected': { params: void; result: { sources: DetectedSource[] } };
  /** Turns an agent's collection on or off in config.json. */
  'sources.setEnabled': { params: { agent: AgentId; enabled: boolean }; result: { sources: DetectedSource[] } };
  'remotes.preview': { params: { include?: string[]; exclude?: string[]; agents?: AgentId[] }; result: RoutingPreview };
  /** Test connection for a remote being added: nothing is stored. */
  'remotes.check': { params: { url: string; tokenValue?: string; passphraseValue?: string }; result: RemoteCheckResult };
};
