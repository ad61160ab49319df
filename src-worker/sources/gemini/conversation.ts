/**
 * A Gemini CLI conversation as its records describe it, rebuilt the way the CLI rebuilds it
 * (chatRecordingService.ts) but without forgetting anything:
 * - the same message id written again replaces the earlier copy (the last copy wins: tokens and
 *   tool calls arrive in later copies);
 * - `$set.messages` replaces the live message list, `$rewindTo` cuts it. The CLI then drops the
 *   cut messages; devlog keeps them (they happened, and their tokens were billed) and records the
 *   branch instead: each message's parent is the message that was last in the live list when it
 *   first appeared, so after a rewind the new messages hang off the point rewound to.
 */
import { isObject, str, type JsonObject } from '../json-read.js';

export interface ConversationEntry {
  record: JsonObject;
  /** Order of first appearance: stable while the file grows. */
  order: number;
  parentId?: string;
  /** Line of the copy that won (JSONL only). */
  line?: number;
}

export class Conversation {
  /** Session-level fields: the first line (or the legacy object) plus every `$set`. */
  readonly meta: JsonObject = {};
  private readonly entries = new Map<string, ConversationEntry>();
  private live: string[] = [];
  private readonly liveSet = new Set<string>();

  mergeMeta(fields: JsonObject): void {
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'messages') continue;
      // The first session id names the session; a later `$set` repeats it after a resume.
      if (key === 'sessionId' && this.meta.sessionId !== undefined) continue;
      this.meta[key] = value;
    }
  }

  /** Adds or replaces a message record (it has a string id). */
  upsert(record: JsonObject, line?: number): void {
    const id = record.id as string;
    const existing = this.entries.get(id);
    if (existing) {
      existing.record = record;
      existing.line = line;
    } else {
      this.entries.set(id, { record, order: this.entries.size, parentId: this.live.at(-1), line });
    }
    if (!this.liveSet.has(id)) this.pushLive(id);
  }

  /** Drops the message and everything after it from the live list (all of it if the id is unknown, as the CLI does). */
  rewindTo(id: string): void {
    const index = this.live.indexOf(id);
    const removed = index >= 0 ? this.live.splice(index) : this.live.splice(0);
    for (const gone of removed) this.liveSet.delete(gone);
  }

  /** `$set.messages`: the list becomes exactly these. Returns the indexes of entries that are not messages. */
  replaceMessages(records: unknown[], line?: number): number[] {
    this.live = [];
    this.liveSet.clear();
    const bad: number[] = [];
    records.forEach((record, index) => {
      if (isObject(record) && str(record.id) !== undefined) this.upsert(record, line);
      else bad.push(index);
    });
    return bad;
  }

  messages(): ConversationEntry[] {
    return [...this.entries.values()];
  }

  private pushLive(id: string): void {
    this.live.push(id);
    this.liveSet.add(id);
  }
}
