import { noteDrift } from '../drift.js';
import type { MessageRecord, NormalizedBatch, ParserState } from '../types.js';
import type { ContentRecord, ValuePlace } from './content-record.js';
import type { ClaudeFile } from './file-layout.js';
import { isObject, isoTime, objectField, stringField, type JsonObject } from './json-fields.js';
import { conversationMessage, systemMessage } from './messages.js';
import { CONTENT_KINDS, RAW_ONLY_KINDS, TITLE_KINDS } from './record-kinds.js';
import { SessionFacts } from './session-facts.js';
import { toolCallsOf } from './tool-calls.js';
import { usageOf } from './usage.js';

/** Turns the JSON values of one batch into records; the raw lines are the caller's job. */
export class RecordReader {
  private readonly facts = new SessionFacts();
  private readonly messageIds = new Set<string>();

  constructor(
    private readonly batch: NormalizedBatch,
    private readonly file: ClaudeFile,
    /** The session of records that name none (summaries), see resolveFileSession. */
    private readonly fileSessionId: string,
    /** Rank of the best title earlier batches gave the file's session: worse ones are ignored. */
    private readonly titleRankSoFar: number,
  ) {}

  read(value: unknown, place: ValuePlace): void {
    const report = (reason: string) => this.batch.problems.push({ line: place.line, offset: place.offset, reason });
    try {
      this.readValue(value, place, report);
    } catch (err) {
      // A reader bug must cost one record, never the rest of the file.
      report(`could not read record: ${(err as Error).message}`);
    }
  }

  /** Adds the session records; keeps the file's workspace and best title stable across batches. */
  finish(state: ParserState): void {
    const rank = this.facts.titleRankOf(this.fileSessionId);
    if (rank > 0) state.titleRank = rank;
    const pinned = typeof state.workspace === 'string' ? state.workspace : undefined;
    if (pinned) this.facts.pinWorkspace(this.fileSessionId, pinned);
    else {
      const first = this.facts.workspaceOf(this.fileSessionId);
      if (first) state.workspace = first;
    }
    this.batch.sessions.push(...this.facts.records());
  }

  private readValue(value: unknown, place: ValuePlace, report: (reason: string) => void): void {
    if (!isObject(value)) return report(`expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
    const type = value.type;
    if (typeof type !== 'string' || type === '') return report('record has no "type" string');
    if (CONTENT_KINDS.has(type)) return this.readContent(value, type as ContentRecord['type'], place, report);
    if (Object.hasOwn(TITLE_KINDS, type)) return this.readTitle(value, type, report);
    if (type === 'progress') return this.readProgressUsage(value, place, report);
    if (RAW_ONLY_KINDS.has(type)) return;
    report(`unknown record type "${type}"`);
    noteDrift(this.batch, stringField(value, 'version'), `kind ${type}`);
  }

  private readContent(record: JsonObject, type: ContentRecord['type'], place: ValuePlace, report: (reason: string) => void): void {
    const time = isoTime(record.timestamp);
    if (!time) report(`${type} record without a valid ISO-8601 timestamp (${JSON.stringify(record.timestamp) ?? 'missing'}): kept without a time`);
    const rec: ContentRecord = {
      record,
      type,
      uuid: stringField(record, 'uuid'),
      sessionId: this.sessionOf(record),
      time,
      isSidechain: this.file.role !== 'session' || record.isSidechain === true,
      place,
      report,
    };
    const message = objectField(record, 'message');
    this.facts.observe(rec.sessionId, {
      time,
      cwd: stringField(record, 'cwd'),
      gitBranch: stringField(record, 'gitBranch'),
      version: stringField(record, 'version'),
      model: type === 'assistant' && message ? stringField(message, 'model') : undefined,
    });
    if (type === 'system') return this.addMessage(systemMessage(rec));
    if (!message) return report(`${type} record without a "message" object`);
    const content = message.content;
    if (content !== undefined && typeof content !== 'string' && !Array.isArray(content)) {
      report(`message.content is ${typeof content}, expected a string or an array of blocks`);
    }
    this.addMessage(conversationMessage(rec, message));
    this.batch.toolCalls.push(...toolCallsOf(rec, message));
    if (type === 'assistant') {
      const usage = usageOf(rec, message, this.file.projectPath);
      if (usage) this.batch.usage.push(usage);
    }
  }

  /**
   * agent_progress mirrors a subagent's lines into the parent file. Its messages are the
   * subagent file's to store, but its usage is read: older subagents have no file of their own,
   * and where they do, the same message and request id make it one row (what ccusage counts).
   */
  private readProgressUsage(record: JsonObject, place: ValuePlace, report: (reason: string) => void): void {
    const inner = objectField(objectField(record, 'data') ?? {}, 'message');
    const message = inner && inner.type === 'assistant' ? objectField(inner, 'message') : undefined;
    if (!inner || !message) return;
    const rec: ContentRecord = {
      record: inner,
      type: 'assistant',
      uuid: stringField(inner, 'uuid'),
      sessionId: this.sessionOf(record),
      time: isoTime(inner.timestamp),
      isSidechain: true,
      place,
      report,
    };
    const usage = usageOf(rec, message, this.file.projectPath, 'data.message.message.usage');
    if (usage) this.batch.usage.push(usage);
  }

  /** summary / custom-title / ai-title name the session; a subagent's own title is not the parent's. */
  private readTitle(record: JsonObject, type: string, report: (reason: string) => void): void {
    const { field, rank } = TITLE_KINDS[type]!;
    const title = stringField(record, field);
    if (!title) return report(`${type} record without a "${field}" string`);
    if (this.file.role !== 'session') return;
    // A summary names no session (its leafUuid may even point into an earlier one): it titles this file's session.
    const sessionId = type === 'summary' ? this.fileSessionId : this.sessionOf(record);
    if (sessionId === this.fileSessionId && rank < this.titleRankSoFar) return;
    this.facts.setTitle(sessionId, title, rank);
  }

  /**
   * Claude Code writes a record again on resume (same uuid); the collector keeps the first copy
   * of an id, so a batch does too and stays free of duplicate ids.
   */
  private addMessage(message: MessageRecord | undefined): void {
    if (!message || this.messageIds.has(message.id)) return;
    this.messageIds.add(message.id);
    this.batch.messages.push(message);
  }

  private sessionOf(record: JsonObject): string {
    return this.file.parentSessionId ?? stringField(record, 'sessionId') ?? this.fileSessionId;
  }
}
