import { ChangesPage } from '../../src-shared/sync-wire.js';
import { openDatabase } from '../../src-server/db/open.js';
import { request } from '../../src-server/testing/http-client.js';
import { startTestPostgres, type TestPostgres } from '../../src-server/testing/postgres.js';
import { runCommand, spawnServe, type ServeProcess } from '../../src-server/testing/processes.js';
import { assertBuilt, CLI } from '../../src-worker/testing/cli-process.js';

/**
 * The real `devlog serve` (the built CLI, a child process) on an embedded PostgreSQL, on a
 * loopback port that stays the same across a stop and a start (so a remote's URL keeps working).
 * For the CLI's process tests and the e2e tests alike.
 */
export class SyncServer {
  private serve: ServeProcess | undefined;
  private port = 0;

  private constructor(private readonly pg: TestPostgres) {}

  static async start(): Promise<SyncServer> {
    assertBuilt();
    const server = new SyncServer(await startTestPostgres());
    await server.resume();
    return server;
  }

  get url(): string {
    if (!this.serve) throw new Error('the sync server is stopped');
    return this.serve.url;
  }

  /** The environment `devlog server ...` commands need to reach this server's database. */
  env(): Record<string, string> {
    return { DATABASE_URL: this.pg.url };
  }

  /** A user and a token for it, as `devlog server user add` and `devlog server token create` make them. */
  async userToken(user: string): Promise<string> {
    const added = await runCommand(CLI, ['server', 'user', 'add', user], this.env());
    if (added.code !== 0) throw new Error(`devlog server user add ${user} failed: ${added.stderr}`);
    const created = await runCommand(CLI, ['server', 'token', 'create', '--user', user, '--label', 'laptop', '--json'], this.env());
    if (created.code !== 0) throw new Error(`devlog server token create failed: ${created.stderr}`);
    return (JSON.parse(created.stdout) as { token: string }).token;
  }

  /** Every session id the server holds for the token's user, from its changes feed. */
  async sessionIds(token: string): Promise<string[]> {
    const ids: string[] = [];
    let since = '0';
    for (;;) {
      const res = await request(this.url, `/v1/changes?since=${since}&limit=1000`, { token });
      if (res.status !== 200) throw new Error(`GET /v1/changes: ${res.status} ${res.text}`);
      const page = ChangesPage.parse(res.json);
      for (const c of page.changes) if (c.kind === 'session') ids.push(c.id);
      since = page.cursor;
      if (!page.hasMore) break;
    }
    return [...new Set(ids)].sort();
  }

  /** Makes every login code waiting for approval expire now (as ten minutes passing would). */
  async expireLoginCodes(): Promise<void> {
    const db = await openDatabase({ databaseUrl: this.pg.url });
    try {
      await db.pool.query(`UPDATE login_requests SET expires_at = now() - interval '1 second' WHERE expires_at > now()`);
    } finally {
      await db.close();
    }
  }

  async stop(): Promise<void> {
    await this.serve?.stop();
    this.serve = undefined;
  }

  /** Starts (again) on the same port. */
  async resume(): Promise<void> {
    this.serve = await spawnServe(CLI, ['--port', String(this.port)], this.env());
    this.port = Number(new URL(this.serve.url).port);
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.pg.stop();
  }
}
