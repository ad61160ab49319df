import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../testing/corpus/generate.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import { runCli, startCli } from '../testing/cli-process.js';
import { storeDigest } from '../testing/store-snapshot.js';
import { useTempHome } from '../testing/temp-home.js';

/** Size of the generated corpus: "multi-hundred-MB", small enough for a 2-core CI machine. */
const CORPUS_MB = Number(process.env.DEVLOG_CRASH_TEST_MB ?? 200);

describe('exactly once across kill -9', () => {
  const tempHome = useTempHome('devlog-crash-');

  it(`a sync killed with SIGKILL at random moments and restarted equals a clean run (${CORPUS_MB} MB corpus)`, async () => {
    expect(SOURCE_ADAPTERS.map((a) => a.agent)).toEqual(expect.arrayContaining(['claude-code', 'codex']));
    const work = tempHome();
    const corpus = generateCorpus({ dir: path.join(work, 'corpus'), sizeMb: CORPUS_MB, seed: 1234 });
    const roots = ['--root', `claude-code=${corpus.claudeRoot}`, '--root', `codex=${corpus.codexRoot}`];
    const env = (home: string) => ({ DEVLOG_HOME: home, HOME: work });

    const cleanHome = path.join(work, 'clean');
    const started = Date.now();
    const clean = await runCli(['collect', '--json', ...roots], env(cleanHome));
    const cleanMs = Date.now() - started;
    expect(clean.code, clean.stderr).toBe(0);
    const expected = storeDigest(path.join(cleanHome, 'devlog.db'));
    expect(expected.counts.messages).toBeGreaterThan(10_000);

    const crashHome = path.join(work, 'crashed');
    let kills = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const run = startCli(['collect', '--json', ...roots], env(crashHome));
      // A random moment inside the ingest (seeded by time: every CI run tries other moments).
      const delay = 300 + Math.floor(Math.random() * Math.max(500, cleanMs * 0.7));
      const outcome = await Promise.race([
        new Promise<'killed'>((resolve) =>
          setTimeout(() => {
            if (run.child.exitCode === null) {
              run.child.kill('SIGKILL');
              resolve('killed');
            }
          }, delay),
        ),
        new Promise<'finished'>((resolve) => run.child.once('exit', () => resolve('finished'))),
      ]);
      await run.stop();
      if (outcome === 'killed') kills++;
    }
    const final = await runCli(['collect', '--json', ...roots], env(crashHome));
    expect(final.code, final.stderr).toBe(0);
    expect(kills).toBeGreaterThan(0);
    expect(storeDigest(path.join(crashHome, 'devlog.db'))).toEqual(expected);
    fs.rmSync(path.join(work, 'corpus'), { recursive: true, force: true });
  }, 600_000);
});
