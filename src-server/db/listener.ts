import pg from 'pg';
import { backoffDelay } from '../../src-shared/backoff.js';

/** The channel every server LISTENs on; ingest NOTIFYs it inside its transaction (sent on commit). */
export const CHANGES_CHANNEL = 'devlog_changes';

/** What one committed ingest announces: whose rows changed, which teams see them, up to which seq. */
export interface ChangeNotice {
  userId: number;
  owner: string;
  teamIds: number[];
  cursor: string;
  machine: string;
}

export type ListenerEvent = { type: 'change'; notice: ChangeNotice } | { type: 'membership'; userId: number } | { type: 'resync' };

/** Sent (on commit) when a user's team memberships change: their open streams re-read them at once. */
export function encodeMembershipNotice(userId: number): string {
  return JSON.stringify({ k: 'members', u: userId });
}

function decodeMembership(payload: string | undefined): number | undefined {
  try {
    const v = JSON.parse(payload ?? '') as { k?: unknown; u?: unknown };
    return v.k === 'members' && typeof v.u === 'number' ? v.u : undefined;
  } catch {
    return undefined;
  }
}

export function encodeNotice(n: ChangeNotice): string {
  return JSON.stringify({ u: n.userId, o: n.owner, t: n.teamIds, s: n.cursor, m: n.machine });
}

export function decodeNotice(payload: string | undefined): ChangeNotice | undefined {
  try {
    const v = JSON.parse(payload ?? '') as { u: unknown; o: unknown; t: unknown; s: unknown; m: unknown };
    if (typeof v.u !== 'number' || typeof v.o !== 'string' || typeof v.s !== 'string' || typeof v.m !== 'string') return undefined;
    if (!Array.isArray(v.t) || !v.t.every((t) => typeof t === 'number')) return undefined;
    return { userId: v.u, owner: v.o, teamIds: v.t as number[], cursor: v.s, machine: v.m };
  } catch {
    return undefined;
  }
}

/**
 * One dedicated connection per server process LISTENing for changes, whichever process ingested
 * them. It reconnects with backoff; after a reconnect it emits `resync`, because notifications
 * sent while it was away are lost and clients should pull to catch up.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private connectedOnce = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly emit: (event: ListenerEvent) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Resolves once LISTEN is active, so a server is never "up" while deaf to changes. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (msg) => {
      const notice = decodeNotice(msg.payload);
      if (notice) return this.emit({ type: 'change', notice });
      const member = decodeMembership(msg.payload);
      if (member !== undefined) this.emit({ type: 'membership', userId: member });
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined); // closed while this connection was being made
      return;
    }
    this.client = client;
    this.failures = 0;
    if (this.connectedOnce) this.emit({ type: 'resync' });
    this.connectedOnce = true;
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.log(`change listener lost its connection (${err.message}); reconnecting`);
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.connect().catch((err: Error) => {
        this.log(`change listener could not reconnect: ${err.message}`);
        this.failures++;
        if (!this.closed) this.schedule();
      });
    }, backoffDelay(this.failures, { baseMs: 500, maxMs: 30_000 }));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
