/**
 * The devlog sync wire format: what an exporter sends to a devlog server and what the server's
 * changes feed, stream and read endpoints answer. The exporter (src-worker) and the server
 * (src-server) validate with these same schemas, so they cannot drift apart.
 *
 * Rules every record follows:
 * - `id` is stable (sessions: `<agent>:<native id>`); ids live in the sending USER's namespace,
 *   so two users can never touch each other's rows, whatever ids they send.
 * - Immutable-ish records (session, message, tool_call, usage) carry `hash`, a digest of their
 *   content chosen by the sender: the same id and hash again is a duplicate (nothing changes),
 *   the same id with another hash replaces the stored content.
 * - `session_meta` is the user's own edits (title, tags, star, hidden, deleted) and is
 *   last-writer-wins on (version, updatedAt, updatedBy): an older one is reported as stale.
 * - Objects are strict: an unknown field is an error, not silently dropped data.
 */
import { z } from 'zod';

export const SYNC_API_PREFIX = '/v1';
/** Most records one ingest batch may carry; the server also caps the body size. */
export const MAX_BATCH_RECORDS = 5000;

const id = z.string().min(1).max(512);
const hash = z.string().min(1).max(128);
const time = z.iso.datetime({ offset: true });
const count = z.int().min(0);
const optText = z.string().nullable().optional();
const optTime = time.nullable().optional();
/** User, team and machine names: short, printable, safe in URLs and logs. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const nameSchema = z.string().regex(NAME_PATTERN, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const TokenTotalsWire = z.strictObject({
  input: count,
  output: count,
  cacheRead: count,
  cacheCreation: count,
  reasoning: count,
});

export const WireSession = z
  .strictObject({
    kind: z.literal('session'),
    id,
    hash,
    agent: z.string().min(1).max(64),
    nativeId: id,
    originMachine: id,
    parentSessionId: id.nullable().optional(),
    workspace: optText,
    agentTitle: optText,
    firstPrompt: optText,
    gitBranch: optText,
    startedAt: optTime,
    endedAt: optTime,
    models: z.array(z.string().max(200)).max(100),
    messageCount: count,
    toolCallCount: count,
    tokens: TokenTotalsWire,
    extra: z.json().nullable().optional(),
  })
  .refine((s) => s.id === `${s.agent}:${s.nativeId}`, { message: 'must be "<agent>:<nativeId>"', path: ['id'] });

export const WireMessage = z.strictObject({
  kind: z.literal('message'),
  id,
  sessionId: id,
  hash,
  parentId: id.nullable().optional(),
  role: z.string().min(1).max(32),
  /** The local store's message kind (message, summary, ...); named so it cannot clash with `kind`. */
  messageKind: z.string().min(1).max(32).optional(),
  time: optTime,
  model: z.string().max(200).nullable().optional(),
  text: z.string(),
  content: z.json().nullable().optional(),
  isSidechain: z.boolean().optional(),
  isMeta: z.boolean().optional(),
  ordinal: count.optional(),
});

export const WireToolCall = z.strictObject({
  kind: z.literal('tool_call'),
  id,
  sessionId: id,
  hash,
  messageId: id.nullable().optional(),
  name: z.string().min(1).max(200),
  /** Tool input and result as the local store keeps them (text, usually JSON). */
  input: optText,
  result: optText,
  isError: z.boolean().optional(),
  time: optTime,
  resultTime: optTime,
});

export const WireUsage = z.strictObject({
  kind: z.literal('usage'),
  /** The local usage key (one billed API response). */
  id,
  sessionId: id,
  hash,
  messageId: id.nullable().optional(),
  time: optTime,
  model: z.string().max(200).nullable().optional(),
  input: count,
  output: count,
  cacheRead: count,
  cacheCreation: count,
  reasoning: count,
});

export const WireSessionMeta = z.strictObject({
  kind: z.literal('session_meta'),
  /** The session this metadata belongs to. */
  id,
  version: count,
  updatedAt: time,
  /** The machine that made the edit: the last tie-breaker of last-writer-wins. */
  updatedBy: id,
  title: optText,
  tags: z.array(z.string().max(200)).max(200),
  starred: z.boolean(),
  hidden: z.boolean(),
  deleted: z.boolean(),
});

export const WireRecord = z.discriminatedUnion('kind', [WireSession, WireMessage, WireToolCall, WireUsage, WireSessionMeta]);
export const RECORD_KINDS = ['session', 'message', 'tool_call', 'usage', 'session_meta'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * One POST /v1/ingest body. `team` shares every record of the batch with that team (the sender
 * must be a member): members then see them in sessions, search, the team feed and the stream.
 * A batch without `team` never unshares what an earlier batch shared.
 */
export const IngestBatch = z.strictObject({
  machineId: id,
  machineName: z.string().max(200).optional(),
  team: nameSchema.optional(),
  records: z.array(WireRecord).max(MAX_BATCH_RECORDS),
});

export const IngestResult = z.strictObject({
  received: count,
  inserted: count,
  updated: count,
  duplicates: count,
  /** session_meta records that lost last-writer-wins against what the server has. */
  stale: count,
  /** The highest sequence number this batch wrote, or null when it changed nothing. */
  cursor: z.string().nullable(),
});

/** A server sequence number: a non-negative integer as a decimal string (it may exceed 2^53). */
export const Cursor = z.string().regex(/^(0|[1-9][0-9]{0,18})$/, 'must be a non-negative integer');

export const Change = z.strictObject({
  seq: Cursor,
  kind: z.enum(RECORD_KINDS),
  id,
  owner: z.string(),
  team: z.string().nullable(),
  /** The machine that sent this version of the record. */
  machine: z.string(),
  record: WireRecord,
});

export const ChangesPage = z.strictObject({
  changes: z.array(Change),
  /** Pass as `since` next time: everything up to it was considered (machine-filtered rows too). */
  cursor: Cursor,
  hasMore: z.boolean(),
});

/** The `data` of a `change` server-sent event: pull /v1/changes (with `team` when set) since your cursor. */
export const StreamChange = z.strictObject({
  cursor: Cursor,
  owner: z.string(),
  teams: z.array(z.string()),
  machine: z.string(),
});

export const SessionSummary = z.strictObject({
  id,
  owner: z.string(),
  team: z.string().nullable(),
  agent: z.string(),
  workspace: z.string().nullable(),
  title: z.string().nullable(),
  gitBranch: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  models: z.array(z.string()),
  messageCount: count,
  toolCallCount: count,
  tokens: TokenTotalsWire,
  originMachine: z.string(),
  tags: z.array(z.string()),
  starred: z.boolean(),
  hidden: z.boolean(),
  seq: Cursor,
});

export const SearchHit = z.strictObject({
  kind: z.enum(RECORD_KINDS),
  id,
  sessionId: id,
  owner: z.string(),
  team: z.string().nullable(),
  time: z.string().nullable(),
  /** HTML-escaped text around the match, matches wrapped in <mark>...</mark>. */
  snippet: z.string(),
  rank: z.number(),
});

/**
 * Joining a machine without copying a token (device-code style): the new machine asks with
 * POST /v1/login and shows the short `code`; a machine already signed in approves it with
 * POST /v1/machines/approve; the new machine, polling POST /v1/login/poll with its `pollSecret`,
 * then receives a token of its own, once.
 */
export const LOGIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const LOGIN_CODE_LENGTH = 8;
/** A code as people type it: case, spaces and dashes do not matter. */
export const normalizeLoginCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');
/** How a code is shown: ABCD-EFGH. */
export const formatLoginCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

const machineName = z.string().min(1).max(200).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const LoginStart = z.strictObject({
  machineId: id,
  machineName,
});

export const LoginStarted = z.strictObject({
  /** The short code to approve, shown as ABCD-EFGH. */
  code: z.string(),
  /** Only the new machine knows it: it collects the token with it. */
  pollSecret: z.string(),
  expiresAt: time,
  /** How often to poll. */
  intervalSeconds: z.int().min(1),
});

export const LoginPoll = z.strictObject({ pollSecret: z.string().min(1).max(256) });

export const LoginPollResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('pending'), expiresAt: time }),
  z.strictObject({ status: z.literal('expired') }),
  z.strictObject({ status: z.literal('approved'), user: z.string(), token: z.string(), machineId: id, machineName: z.string() }),
]);

export const MachineApprove = z.strictObject({ code: z.string().min(1).max(64) });

/** A machine of the user as the server knows it. `lastSyncAt`: its last export or pull. */
export const MachineInfo = z.strictObject({
  id,
  name: z.string().nullable(),
  createdAt: time,
  lastSyncAt: time.nullable(),
  revokedAt: time.nullable(),
  /** The machine whose token asked. */
  current: z.boolean(),
});

export const MachinesList = z.strictObject({ machines: z.array(MachineInfo) });
export const MachineApproved = z.strictObject({ user: z.string(), machine: MachineInfo });
export const MachineRevoked = z.strictObject({ machine: MachineInfo, tokensRevoked: count });

/** Every error answer: `{ error: { code, message, field? } }`; `field` names the input at fault. */
export const SYNC_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const SyncErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(SYNC_ERROR_CODES),
    message: z.string(),
    field: z.string().optional(),
  }),
});

export type TokenTotalsWire = z.infer<typeof TokenTotalsWire>;
export type WireSession = z.infer<typeof WireSession>;
export type WireMessage = z.infer<typeof WireMessage>;
export type WireToolCall = z.infer<typeof WireToolCall>;
export type WireUsage = z.infer<typeof WireUsage>;
export type WireSessionMeta = z.infer<typeof WireSessionMeta>;
export type WireRecord = z.infer<typeof WireRecord>;
export type IngestBatch = z.infer<typeof IngestBatch>;
export type IngestResult = z.infer<typeof IngestResult>;
export type Change = z.infer<typeof Change>;
export type ChangesPage = z.infer<typeof ChangesPage>;
export type StreamChange = z.infer<typeof StreamChange>;
export type SessionSummary = z.infer<typeof SessionSummary>;
export type SearchHit = z.infer<typeof SearchHit>;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];
export type SyncErrorBody = z.infer<typeof SyncErrorBody>;
export type LoginStart = z.infer<typeof LoginStart>;
export type LoginStarted = z.infer<typeof LoginStarted>;
export type LoginPollResult = z.infer<typeof LoginPollResult>;
export type MachineInfo = z.infer<typeof MachineInfo>;
export type MachinesList = z.infer<typeof MachinesList>;
export type MachineApproved = z.infer<typeof MachineApproved>;
export type MachineRevoked = z.infer<typeof MachineRevoked>;
