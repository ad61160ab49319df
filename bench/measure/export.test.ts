import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedDatabaseUrl, splitWorkspaces } from './export.js';

describe('export bench: splitting workspaces between two exporters', () => {
  it('gives each half about the same number of sessions and every workspace to exactly one half', () => {
    const counts = [
      { workspace: '/w/a', sessions: 50 },
      { workspace: '/w/b', sessions: 30 },
      { workspace: '/w/c', sessions: 20 },
      { workspace: '/w/d', sessions: 10 },
      { workspace: '/w/e', sessions: 10 },
    ];
    const [a, b] = splitWorkspaces(counts);
    expect([...a, ...b].sort()).toEqual(counts.map((c) => c.workspace));
    const total = (half: string[]) => counts.filter((c) => half.includes(c.workspace)).reduce((n, c) => n + c.sessions, 0);
    expect(Math.abs(total(a) - total(b))).toBeLessThanOrEqual(10);
  });

  it('leaves the second half empty when there is only one workspace (the bench then reports n/a)', () => {
    expect(splitWorkspaces([{ workspace: '/w/only', sessions: 3 }])).toEqual([['/w/only'], []]);
  });
});

describe('export bench: DATABASE_URL of an embedded PostgreSQL', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the port from postmaster.pid and the login from credentials.json, escaping the password', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-bench-url-'));
    fs.mkdirSync(path.join(dir, 'postgres'));
    fs.writeFileSync(path.join(dir, 'postgres', 'postmaster.pid'), '4242\n/data/postgres\n1700000000\n54321\n/tmp\n127.0.0.1\n  1 2\nready\n');
    fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify({ user: 'devlog', password: 'a/b+c@d' }));
    const url = embeddedDatabaseUrl(dir);
    // pg parses it back into the same login: what `devlog serve` does with DATABASE_URL.
    const parsed = new pg.Client({ connectionString: url });
    expect([parsed.host, parsed.port, parsed.user, parsed.password, parsed.database]).toEqual(['127.0.0.1', 54321, 'devlog', 'a/b+c@d', 'devlog']);
  });

  it('names the file when postmaster.pid has no port', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-bench-url-'));
    fs.mkdirSync(path.join(dir, 'postgres'));
    fs.writeFileSync(path.join(dir, 'postgres', 'postmaster.pid'), '4242\n');
    fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify({ user: 'devlog', password: 'x' }));
    expect(() => embeddedDatabaseUrl(dir!)).toThrow(/postmaster\.pid: no port/);
  });
});
