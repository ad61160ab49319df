// `devlog start` on a big history must keep answering while it scans, show progress moving, stop
// promptly on SIGTERM, and leave a store that a restart completes to exactly a clean run's.
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../src-shared/contract/index.js';
import { runCli, startCli } from '../src-worker/testing/cli-process.js';
import { generateCorpus } from '../src-worker/testing/corpus/generate.js';
import { storeDigest } from '../src-worker/testing/store-snapshot.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const CORPUS_MB = 80;

function getStatus(port: number, token: string): Promise<EngineStatus> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/status', headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as EngineStatus) : reject(new Error(`status ${res.statusCode}: ${body}`))));
    });
    req.on('error', reject);
  });
}

describe('devlog start while it ingests', () => {
  const tempHome = useTempHome('devlog-responsive-');

  it(`answers status during a ${CORPUS_MB} MB history scan, progress moves, SIGTERM stops it mid-scan, a restart completes it`, async () => {
    const work = tempHome();
    const corpus = generateCorpus({ dir: path.join(work, 'corpus'), sizeMb: CORPUS_MB, seed: 99 });
    const roots = ['--root', `claude-code=${corpus.claudeRoot}`, '--root', `codex=${corpus.codexRoot}`];
    const env = (home: string) => ({ DEVLOG_HOME: home, HOME: work });

    const cleanHome = path.join(work, 'clean');
    const clean = await runCli(['collect', '--json', ...roots], env(cleanHome));
    expect(clean.code, clean.stderr).toBe(0);
    const expected = storeDigest(path.join(cleanHome, 'devlog.db'));

    const home = path.join(work, 'live');
    const cli = startCli(['start', '--port', '0', ...roots], env(home));
    const m = await cli.waitFor(/Open http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/);
    const [port, token] = [Number(m[1]), m[2]!];

    // Ask again and again while it scans: every question must be answered during the scan.
    const scanning: EngineStatus[] = [];
    for (;;) {
      const status = await getStatus(port, token);
      if (status.state !== 'scanning') break;
      scanning.push(status);
      const done = scanning.map((s) => s.progress.filesDone);
      if (new Set(done).size >= 4) break; // filesDone moved at least three times: enough seen.
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(scanning.length, 'status answers received while the history scan ran').toBeGreaterThanOrEqual(4);
    const filesDone = scanning.map((s) => s.progress.filesDone);
    expect(filesDone).toEqual([...filesDone].sort((a, b) => a - b));
    expect(new Set(filesDone).size).toBeGreaterThanOrEqual(4);
    const last = scanning[scanning.length - 1]!.progress;
    expect(last).toMatchObject({ phase: 'scanning', filesTotal: expect.any(Number), bytesTotal: expect.any(Number) });
    expect(last.bytesDone).toBeGreaterThan(0);
    expect(last.bytesDone).toBeLessThan(last.bytesTotal);

    // SIGTERM mid-scan: it stops without finishing the scan, exits 0, and says so.
    expect(await cli.stop()).toBe(0);
    expect(cli.output()).toMatch(/stopping \(SIGTERM\)/);
    const partial = storeDigest(path.join(home, 'devlog.db'));
    expect(partial.counts.messages).toBeLessThan(expected.counts.messages);

    // A restart completes it to exactly what a clean run gives.
    const resumed = await runCli(['collect', '--json', ...roots], env(home));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(storeDigest(path.join(home, 'devlog.db'))).toEqual(expected);
  }, 300_000);
});
