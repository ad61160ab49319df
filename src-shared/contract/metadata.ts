/**
 * The user's own metadata on sessions (title, tags, star, hidden, deleted) and this machine's
 * identity. Edits are versioned and synced last-writer-wins (src-shared/meta-order.ts).
 */

/** One edit of one session; fields left out stay as they are. */
export interface SessionMetaEdit {
  /** Full id, the agent's own id, or a unique prefix of either. */
  id: string;
  /** A new title; null or '' gives the agent's title back. */
  title?: string | null;
  addTags?: string[];
  removeTags?: string[];
  starred?: boolean;
  hidden?: boolean;
  /** true deletes (a tombstone that reaches every remote; the content is purged after 30 days). */
  deleted?: boolean;
}

export interface SessionMetaView {
  /** The session's full id. */
  sessionId: string;
  title: string | null;
  tags: string[];
  starred: boolean;
  hidden: boolean;
  deleted: boolean;
  /** Raised by every edit; the higher version wins when machines disagree. */
  version: number;
  updatedAt: string;
  /** The machine id that made the edit. */
  updatedBy: string;
}

export interface MachineInfo {
  /** Stable per data folder, made once. */
  id: string;
  /** The human name other machines and the server show (default: the host name). */
  name: string;
}

export type MetadataMethods = {
  /** Renames, tags, stars, hides or deletes a session. NOT_FOUND for an unknown or deleted id. */
  'sessions.editMeta': { params: SessionMetaEdit; result: SessionMetaView };
  /** This machine's id and name. */
  'machine.get': { params: void; result: MachineInfo };
  /** Renames this machine (kept in config.json; sent with the next export). */
  'machine.rename': { params: { name: string }; result: MachineInfo };
};
