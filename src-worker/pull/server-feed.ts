import { z } from 'zod';
import { Change, ChangesPage, WireRecord } from '../../src-shared/sync-wire.js';
import type { Disposable } from '../../src-shared/lifecycle.js';
import type { ServerSink } from '../export/server-sink.js';
import { ExportError } from '../export/sink.js';
import type { PullPiece, PullSource } from './pull-source.js';
import { SERVER_FEED } from './pull-store.js';
import { watchServerStream, type StreamOptions } from './server-stream.js';

/**
 * The page as the server sends it, each record checked on its own: one record the wire refuses
 * (a server of another version, a damaged row) is reported and passed, never a stuck pull.
 */
const LenientPage = ChangesPage.extend({ changes: z.array(Change.extend({ record: z.unknown() })) });
type LenientChange = z.infer<typeof LenientPage>['changes'][number];

/** Changes per page: one page is one import transaction. */
export const PULL_PAGE = 500;

/**
 * A devlog server's changes feed (GET /v1/changes) for this user, without what this machine
 * sent itself (`machine=`). Each page is one piece; the server's cursor after it (which also
 * passes rows it filtered out) is the pull cursor.
 */
export class ServerFeed implements PullSource {
  constructor(
    private readonly url: string,
    private readonly sink: ServerSink,
    private readonly machineId: string,
    private readonly stream?: Omit<StreamOptions, 'machineId'>,
  ) {}

  private async page(since: string, limit: number, signal: AbortSignal): Promise<z.infer<typeof LenientPage>> {
    const query = new URLSearchParams({ since, limit: String(limit), machine: this.machineId });
    const answer = await this.sink.getJson(`/v1/changes?${query}`, signal);
    const parsed = LenientPage.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ExportError(`the server's changes feed is not a changes page (${issue?.path.join('.') || 'body'}: ${issue?.message})`, 'garbage');
    }
    return parsed.data;
  }

  async pull(cursors: ReadonlyMap<string, string>, commit: (piece: PullPiece) => Promise<void>, signal: AbortSignal) {
    let since = cursors.get(SERVER_FEED) ?? '0';
    for (;;) {
      const page = await this.page(since, PULL_PAGE, signal);
      const valid: Change[] = [];
      const problems: NonNullable<PullPiece['problems']> = [];
      for (const c of page.changes) {
        if (c.machine === this.machineId) continue;
        const record = WireRecord.safeParse(c.record);
        if (record.success) valid.push({ ...c, record: record.data });
        else problems.push(refused(this.url, c, record.error));
      }
      if (valid.length || problems.length || page.cursor !== since) await commit({ source: SERVER_FEED, cursor: page.cursor, runs: runsOf(valid), problems });
      since = page.cursor;
      if (!page.hasMore) return { blocks: [] };
    }
  }

  async behind(cursors: ReadonlyMap<string, string>, signal: AbortSignal): Promise<number> {
    let since = cursors.get(SERVER_FEED) ?? '0';
    let count = 0;
    for (;;) {
      const page = await this.page(since, 1000, signal);
      count += page.changes.length;
      since = page.cursor;
      if (!page.hasMore) return count;
    }
  }

  watch(changed: () => void, failed: (error: Error) => void, live: (on: boolean) => void): Disposable {
    if (!this.stream) return { dispose: () => undefined };
    return watchServerStream({ ...this.stream, machineId: this.machineId }, changed, failed, live);
  }
}

/** Consecutive changes from the same machine form one run (its records import under it as sender). */
function runsOf(changes: Change[]): PullPiece['runs'] {
  const runs: PullPiece['runs'] = [];
  for (const c of changes) {
    const last = runs[runs.length - 1];
    if (last && last.sender.id === c.machine) last.records.push(c.record);
    else runs.push({ sender: { id: c.machine, name: null }, records: [c.record] });
  }
  return runs;
}

function refused(url: string, c: LenientChange, error: z.ZodError): { file: string; kind: string; message: string } {
  const issue = error.issues[0];
  const where = `${url.replace(/\/+$/, '')}/v1/changes change ${c.seq}`;
  return { file: where, kind: 'invalid', message: `${where} (${c.kind} ${c.id}): field ${issue?.path.join('.') || '(record)'}: ${issue?.message}; skipped` };
}
