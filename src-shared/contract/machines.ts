import type { IsoTime } from '../domain.js';
import type { RemoteSettings } from './remotes.js';

/** One of the user's machines as a devlog server knows it (`devlog machines list`, the UI). */
export interface MachineEntry {
  id: string;
  name: string | null;
  createdAt: IsoTime;
  /** Its last export or pull through that server; null when it never synced. */
  lastSyncAt: IsoTime | null;
  revokedAt: IsoTime | null;
  /** This machine. */
  current: boolean;
}

/** A sign-in by code that the engine started (`machines.login.start`): what the UI shows. */
export interface LoginStartedInfo {
  url: string;
  /** The remote it adds (or whose token it replaces) on approval. */
  remote: string;
  /** Shown as ABCD-EFGH; approved with `devlog machines approve CODE`. */
  code: string;
  expiresAt: IsoTime;
  /** This machine's name as the approving machine sees it. */
  machineName: string;
}

/**
 * Where the engine's sign-in by code is: none started, waiting for the approval, approved (the
 * remote is added, pull on), or over without it (`error` in words, to show with a retry).
 */
export type LoginFlowState =
  | { state: 'idle' }
  | ({ state: 'waiting' } & LoginStartedInfo)
  | { state: 'approved'; url: string; remote: string; user: string; settings: RemoteSettings }
  | { state: 'expired'; url: string; remote: string; code: string; error: string }
  | { state: 'failed'; url: string; remote: string; error: string };

/**
 * The user's machines on a devlog server remote: list them, let a new one in by the code its
 * `devlog login` shows, cut one off. `remote` picks the server remote; without it, the only one.
 */
export type MachinesMethods = {
  'machines.list': { params: { remote?: string } | void; result: { remote: string; url: string; machines: MachineEntry[] } };
  'machines.approve': { params: { code: string; remote?: string }; result: { remote: string; url: string; user: string; machine: MachineEntry } };
  /** `machine`: its name (as `machines.list` shows) or id. */
  'machines.revoke': { params: { machine: string; remote?: string }; result: { remote: string; url: string; machine: MachineEntry; tokensRevoked: number } };
  /**
   * Signs this machine in by code (what `devlog login URL` does), waiting in the engine: a new
   * start replaces one still waiting. `remote`: its name (default: the server's host name).
   */
  'machines.login.start': { params: { url: string; remote?: string }; result: LoginStartedInfo };
  'machines.login.state': { params: void; result: LoginFlowState };
  /** Stops waiting (the code is left to expire on the server). */
  'machines.login.cancel': { params: void; result: LoginFlowState };
};
