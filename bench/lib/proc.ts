import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size of the process (and its waited-for children), in KB. */
  peakRssKb: number | null;
  /** CPU seconds in user and kernel mode (from GNU time), when known. */
  userS: number | null;
  sysS: number | null;
  /** How peak RSS was taken: GNU time's wait4 rusage (exact) or polling /proc VmHWM. */
  rssMethod: 'time' | 'proc' | 'none';
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  /** Discard stdout (large outputs we do not need). */
  ignoreStdout?: boolean;
}

const GNU_TIME = '/usr/bin/time';
let gnuTime: boolean | undefined;

/**
 * Whether GNU time (Debian package `time`) is there: its `-f %M` reports the exact peak RSS from
 * wait4(2). Without it, peak RSS is read by polling /proc/PID/status VmHWM, which misses a peak
 * only in the last few ms of a process's life.
 */
export function hasGnuTime(): boolean {
  if (gnuTime !== undefined) return gnuTime;
  try {
    const out = path.join(os.tmpdir(), `devlog-bench-time-${process.pid}`);
    const r = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', out, 'true'], { stdio: 'ignore' });
    gnuTime = r.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/.test(fs.readFileSync(out, 'utf8'));
    fs.rmSync(out, { force: true });
  } catch {
    gnuTime = false;
  }
  return gnuTime;
}

/** Reads VmRSS and VmHWM (KB) of a live process; null once it is gone. */
export function procMemory(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    if (!rss || !hwm) return null;
    return { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
  } catch {
    return null;
  }
}

let clockTicks: number | undefined;
/** Clock ticks per second for /proc/PID/stat times (getconf CLK_TCK, 100 on Linux in practice). */
export function clockTicksPerSecond(): number {
  if (clockTicks !== undefined) return clockTicks;
  try {
    clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    clockTicks = 100;
  }
  return clockTicks;
}

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/PID/stat); null once gone. */
export function procCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
  } catch {
    return null;
  }
}

/**
 * Runs a command to completion and measures wall time and peak RSS. Uses GNU time when present
 * (exact, from wait4), else polls /proc/PID/status VmHWM every 5 ms.
 */
export function runMeasured(command: string, args: string[], options: RunOptions = {}): Promise<Measured> {
  const useTime = hasGnuTime();
  const timeOut = useTime ? path.join(os.tmpdir(), `devlog-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`) : '';
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeOut, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, {
      env: options.env ? cleanEnv(options.env) : process.env,
      cwd: options.cwd,
      stdio: ['ignore', options.ignoreStdout ? 'ignore' : 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    let hwm = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => {
          const mem = child.pid ? procMemory(child.pid) : null;
          if (mem) hwm = Math.max(hwm, mem.hwmKb);
        }, 5);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      let peakRssKb: number | null = hwm || null;
      let userS: number | null = null;
      let sysS: number | null = null;
      if (useTime) {
        try {
          // GNU time writes "Command exited with non-zero status N" first when the command fails.
          const last = fs.readFileSync(timeOut, 'utf8').trim().split('\n').at(-1)!.split(' ');
          peakRssKb = Number(last[0]);
          userS = Number(last[1]);
          sysS = Number(last[2]);
        } catch {
          peakRssKb = null;
        }
        fs.rmSync(timeOut, { force: true });
      }
      // Let the pipes drain before resolving.
      setImmediate(() =>
        resolve({
          code,
          signal,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          wallMs,
          peakRssKb,
          userS,
          sysS,
          rssMethod: useTime ? 'time' : peakRssKb ? 'proc' : 'none',
        }),
      );
    });
  });
}

/** Fails with the command's own words when it did not exit 0. */
export function assertOk(r: Measured, what: string): Measured {
  if (r.code !== 0) {
    throw new Error(`${what} exited ${r.code ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  }
  return r;
}

function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export interface LongRunning {
  child: ChildProcess;
  pid: number;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after a grace period; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const longRunning = new Set<ChildProcess>();

/** Kills the long-running processes this benchmark started and that still run (on Ctrl-C). */
export function killStarted(): void {
  for (const child of longRunning) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts a long-running process (no GNU time wrapper: its own pid is sampled in /proc). */
export function startProcess(command: string, args: string[], options: RunOptions = {}): LongRunning {
  const child = spawn(command, args, { env: options.env ? cleanEnv(options.env) : process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  longRunning.add(child);
  child.once('exit', () => longRunning.delete(child));
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    output: () => out,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const m = out.match(pattern);
          if (m) return resolve(m);
          if (child.exitCode !== null) return reject(new Error(`process exited (${child.exitCode}) before printing ${pattern}:\n${out.slice(-2000)}`));
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${out.slice(-2000)}`));
          setTimeout(check, 20);
        };
        check();
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
