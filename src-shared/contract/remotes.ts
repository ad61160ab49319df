import type { AgentId, IsoTime } from '../domain.js';

export type RemoteState = 'synced' | 'pending' | 'offline' | 'error' | 'paused';

/** A remote's export state: what the tray, the Remotes page and `devlog export --status` show. */
export interface RemoteStatus {
  name: string;
  kind: 'server' | 'folder';
  url: string;
  state: RemoteState;
  /** Sessions with changes this remote's rules match that it has not acknowledged yet. */
  backlog: number;
  lastSuccessAt: IsoTime | null;
  /** In words ("the server refused the token: 401 unauthorized"), null when the last try worked. */
  lastError: string | null;
  nextAttemptAt: IsoTime | null;
  /** True while an export to it is under way (the tray shows "syncing"). */
  exporting?: boolean;
}

/** A remote as the CLI and UI edit it (no secret: tokens and passphrases go to the SecretStore). */
export interface RemoteSettings {
  name: string;
  url: string;
  auto: boolean;
  intervalSeconds: number;
  include: string[];
  exclude: string[];
  agents: AgentId[];
  redact: boolean;
  pull: boolean;
  paused: boolean;
  /** Where its secrets are: "keychain", "${ENV_VAR}", or absent. */
  token?: string;
  passphrase?: string;
}

export interface RemoteAddParams extends Partial<Omit<RemoteSettings, 'name' | 'url'>> {
  name: string;
  url: string;
  /** The secret itself, stored in the keychain (never in config.json); or use token: "${ENV}". */
  tokenValue?: string;
  passphraseValue?: string;
}

export interface RemoteTestResult {
  name: string;
  reachable: boolean;
  /** Who the server says the token belongs to. */
  authenticatedAs: string | null;
  /** In words when not reachable or not authenticated. */
  problem: string | null;
  /** How many local sessions its routing matches, and in which workspaces. */
  matchingSessions: number;
  workspaces: { workspace: string; sessions: number }[];
}

/** One export batch that left the machine (the outbound log, kept 90 days). */
export interface OutboundLogEntry {
  at: IsoTime;
  remote: string;
  sessions: number;
  records: number;
  bytes: number;
  /** How many secrets of each kind were replaced in this batch. */
  redactions: Record<string, number>;
}

/** Only the fields to change; `tokenValue`/`passphraseValue` replace the stored secret. */
export interface RemoteEditParams extends Partial<Omit<RemoteAddParams, 'name'>> {
  name: string;
}

/** Managing remotes (the CLI's `devlog remote ...` and the Remotes page). */
export type RemotesMethods = {
  'remotes.list': { params: void; result: { remotes: RemoteSettings[] } };
  'remotes.add': { params: RemoteAddParams; result: RemoteSettings };
  'remotes.edit': { params: RemoteEditParams; result: RemoteSettings };
  /** `problem`: removed, but its secrets could not be deleted from the keychain (why). */
  'remotes.remove': { params: { name: string }; result: { removed: boolean; problem?: string } };
  'remotes.test': { params: { name: string }; result: RemoteTestResult };
};

export type RemoteMethods = RemotesMethods & {
  /** Export now (one remote, or all); resolves when the attempt ended. `all`: re-send everything. */
  'export.now': { params: { remote?: string; all?: boolean }; result: { remotes: RemoteStatus[] } };
  'export.status': { params: void; result: { remotes: RemoteStatus[] } };
  'export.log': { params: { remote?: string; limit?: number }; result: { entries: OutboundLogEntry[] } };
};
