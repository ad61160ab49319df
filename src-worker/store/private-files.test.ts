import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-process.js';
import { startIsolatedEngine } from '../testing/isolated-engine.js';
import { useTempHome } from '../testing/temp-home.js';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** Every file in the folder with its mode, e.g. { 'devlog.db': '600' }. */
function modes(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile()).map((n) => [n, mode(path.join(dir, n))]));
}

// Other local users must not read the transcripts (the store) nor the token (the web UI).
describe.skipIf(process.platform === 'win32')('DEVLOG_HOME is private to its owner', () => {
  const tempDir = useTempHome('devlog-private-');

  it('a new data folder is 0700 and the store, its WAL files, the token and the daemon file are 0600', async () => {
    const engine = await startIsolatedEngine(tempDir());
    try {
      expect(mode(engine.home)).toBe('700');
      const files = modes(engine.home);
      for (const name of ['devlog.db', 'devlog.db-wal', 'devlog.db-shm', 'headless-token', 'daemon.json', 'engine.lock']) {
        expect(files[name], name).toBe('600');
      }
      expect(Object.values(files).every((m) => m === '600'), JSON.stringify(files)).toBe(true);
    } finally {
      await engine.cli.stop();
    }
  });

  it('an existing data folder left readable by everyone is tightened when devlog opens it', async () => {
    const home = path.join(tempDir(), 'old-home');
    const first = await runCli(['collect', '--json'], { DEVLOG_HOME: home, HOME: path.join(home, '..') });
    expect(first.code, first.stderr).toBe(0);
    fs.writeFileSync(path.join(home, 'config.json'), '{ "version": 1 }\n', { mode: 0o644 });
    fs.chmodSync(home, 0o755);
    for (const name of fs.readdirSync(home)) fs.chmodSync(path.join(home, name), 0o644);

    const again = await runCli(['collect', '--json'], { DEVLOG_HOME: home, HOME: path.join(home, '..') });
    expect(again.code, again.stderr).toBe(0);
    expect(mode(home)).toBe('700');
    expect(modes(home)).toMatchObject({ 'devlog.db': '600', 'config.json': '600', 'engine.lock': '600' });
    expect(Object.values(modes(home)).every((m) => m === '600'), JSON.stringify(modes(home))).toBe(true);
  });
});
