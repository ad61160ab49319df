import fs from 'node:fs';
import path from 'node:path';
import { AGENT_IDS } from '../../src-shared/domain.js';
import { startCli, type RunningCli } from './cli-process.js';

export interface IsolatedEngine {
  cli: RunningCli;
  home: string;
  port: number;
  token: string;
}

/**
 * `devlog start --port 0` as a child process that reads nothing of the real user's: its own
 * DEVLOG_HOME and HOME, and every agent's root an empty folder.
 */
export async function startIsolatedEngine(dir: string, extraArgs: string[] = [], host = '127.0.0.1'): Promise<IsolatedEngine> {
  const home = path.join(dir, 'devlog-home');
  const userHome = path.join(dir, 'user-home');
  const roots = AGENT_IDS.flatMap((agent) => {
    const root = path.join(dir, 'roots', agent);
    fs.mkdirSync(root, { recursive: true });
    return ['--root', `${agent}=${root}`];
  });
  fs.mkdirSync(userHome, { recursive: true });
  const cli = startCli(['start', '--port', '0', ...roots, ...extraArgs], { DEVLOG_HOME: home, HOME: userHome, USERPROFILE: userHome });
  const m = await cli.waitFor(new RegExp(`Open http://${host.replace(/\./g, '\\.')}:(\\d+)/\\?token=([\\w-]+)`));
  return { cli, home, port: Number(m[1]), token: m[2]! };
}
