import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../src-worker/testing/corpus/generate.js';
import { adapterFor } from '../src-worker/sources/registry.js';
import { runCli, startCli, type RunningCli } from '../src-worker/testing/cli-process.js';

/**
 * The read commands open the store read-only beside the running engine (WAL): while
 * `devlog start` ingests a corpus, queries, searches and stats run in parallel without
 * "database is locked" and see the store grow. Needs the CLI built (`npm run build:engine`).
 */
describe('queries while devlog start is ingesting', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-concurrent-'));
  let engine: RunningCli | undefined;
  afterAll(async () => {
    await engine?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never fails with "database is locked"', async () => {
    expect(adapterFor('claude-code'), 'the claude-code adapter must be registered in src-worker/sources/registry.ts').toBeDefined();
    // Big enough for several group commits (16 MB or 1 s each), so readers can see the store grow.
    const corpus = generateCorpus({ dir: path.join(dir, 'corpus'), sizeMb: 40, projects: 8, codexShare: 0 });
    const env = { DEVLOG_HOME: path.join(dir, 'devlog') };
    engine = startCli(['start', '--port', '0', '--root', `claude-code=${corpus.claudeRoot}`], env);
    await engine.waitFor(/devlog is running/);

    const commands = [['query', '--json', '--limit', '10000'], ['query', '--json', '--search', 'cursor watcher'], ['stats', '--json', '--by', 'model']];
    const failures: string[] = [];
    const seen: number[] = [];
    let runs = 0;
    let synced = false;
    void engine.waitFor(/history synced/, 120_000).then(() => (synced = true), () => (synced = true));
    // Four readers at a time until the history scan is over, then one more round on the full store.
    for (let round = 0; round < 200 && (!synced || round === 0); round++) {
      const results = await Promise.all(
        [0, 1, 2, 3].map(async (i) => {
          const args = commands[(round + i) % commands.length]!;
          return { args, ...(await runCli(args, env)) };
        }),
      );
      for (const r of results) {
        runs++;
        if (r.code !== 0 || /locked|busy/i.test(r.stderr)) failures.push(`${r.args.join(' ')} -> ${r.code}: ${r.stderr}`);
        else if (r.args[2] === '--limit') seen.push((JSON.parse(r.stdout) as { sessions: unknown[] }).sessions.length);
      }
    }
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(4);
    expect(engine.output()).not.toMatch(/locked/i);
    // The readers saw the store while it was being written, not only before or after.
    expect(Math.max(...seen)).toBeGreaterThan(0);
    expect(new Set(seen).size).toBeGreaterThan(1);
  }, 180_000);
});
