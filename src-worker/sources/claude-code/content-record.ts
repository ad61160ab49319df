import type { JsonObject } from './json-fields.js';

/** Where a JSON value sits: its line, the line's byte offset, and its index on that line. */
export interface ValuePlace {
  line: number;
  offset: number;
  /** 0, or 1+ for the extra objects of a line holding several. */
  index: number;
}

/** A user/assistant/system record with the facts every reader needs already resolved. */
export interface ContentRecord {
  record: JsonObject;
  type: 'user' | 'assistant' | 'system';
  uuid?: string;
  /** The session it belongs to (a subagent file's records belong to the parent session). */
  sessionId: string;
  time?: string;
  isSidechain: boolean;
  place: ValuePlace;
  /** Reports a problem with this record (its line and offset are added). */
  report(reason: string): void;
}

/** Sort key within the session: the line's byte offset, plus the value's index on that line. */
export function ordinalOf(place: ValuePlace): number {
  return place.offset + place.index;
}
