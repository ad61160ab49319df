import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  node: string;
  os: string;
  sqlite?: string;
  gitCommit?: string;
  gitDirty?: boolean;
}

/** The machine the numbers came from (the README table quotes it). */
export function machineInfo(repoRoot: string, sqliteVersion?: string): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: os.cpus() is fine
  }
  const info: MachineInfo = {
    cpuModel,
    cpus: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
  if (sqliteVersion) info.sqlite = sqliteVersion;
  try {
    info.gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    info.gitDirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch {
    // not a git checkout
  }
  return info;
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}${m.sqlite ? `, SQLite ${m.sqlite}` : ''}`;
}
