import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openReadableDb } from '../store/database.js';
import { startCli, type RunningCli } from './cli-process.js';
import { useTempHome } from './temp-home.js';

/**
 * `devlog start` as real child processes, each stopped after its test (before its temp folder
 * is removed), and fresh temp folders for their homes and agent files.
 */
export function useStartedEngines(tempPrefix: string): {
  tempHome: () => string;
  /** `devlog start --port 0 ARGS`, once it has synced history and watches. */
  start: (args: string[], env: Record<string, string>) => Promise<RunningCli>;
} {
  const tempHome = useTempHome(tempPrefix);
  const running: RunningCli[] = [];
  afterEach(async () => {
    for (const cli of running.splice(0)) await cli.stop();
  });
  async function start(args: string[], env: Record<string, string>): Promise<RunningCli> {
    const cli = startCli(['start', '--port', '0', ...args], env);
    running.push(cli);
    await cli.waitFor(/history synced; watching/);
    return cli;
  }
  return { tempHome, start };
}

/**
 * The `text` column of a query on the store in DEVLOG_HOME `home`, through a read-only handle
 * (a running engine owns the store); [] while the store file does not exist yet.
 */
export function storeTexts(home: string, sql: string): string[] {
  const file = path.join(home, 'devlog.db');
  if (!fs.existsSync(file)) return [];
  const db = openReadableDb(file);
  try {
    return (db.prepare(sql).all() as { text: string }[]).map((r) => r.text);
  } finally {
    db.close();
  }
}
