import type { IsoTime } from '../domain.js';

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

/**
 * The user's machines on a devlog server remote: list them, let a new one in by the code its
 * `devlog login` shows, cut one off. `remote` picks the server remote; without it, the only one.
 */
export type MachinesMethods = {
  'machines.list': { params: { remote?: string } | void; result: { remote: string; url: string; machines: MachineEntry[] } };
  'machines.approve': { params: { code: string; remote?: string }; result: { remote: string; url: string; user: string; machine: MachineEntry } };
  /** `machine`: its name (as `machines.list` shows) or id. */
  'machines.revoke': { params: { machine: string; remote?: string }; result: { remote: string; url: string; machine: MachineEntry; tokensRevoked: number } };
};
