/**
 * `devlog stats --by day --json` against the native ccusage 20.0.24 (`ccusage claude daily`)
 * on the same Claude Code files, day by day, in two time zones, with a session resumed on a
 * later day and a --since window: real files, the real CLI, a real store, a real engine.
 * Needs the CLI built (`npm run build:engine`) and ccusage (`node scripts/install-peers.mjs`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsResult } from '../src-shared/contract/index.js';
import { layoutPath, runCcusageDaily, writeConfigDir, type TokenSums } from '../src-worker/sources/claude-code/ccusage-harness.js';
import { assistantLine, usageOf, userLine } from '../src-worker/sources/claude-code/test-support.js';
import { runCli, startCli, type RunningCli } from '../src-worker/testing/cli-process.js';
import { SHARED_FIXTURES, sharedFixtureFiles, sharedFixturesAvailable } from '../src-worker/testing/shared-fixtures.js';

const jsonl = (...records: object[]) => Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');

/**
 * A session started late on 2026-03-01 (UTC) and resumed on 2026-04-10: Claude Code's resume
 * writes a new file that repeats the earlier lines (same message and request ids, old times)
 * before the new turns. The first reply is streamed over three lines, output growing.
 */
function resumedSession(): Array<{ relPath: string; bytes: Buffer }> {
  const at = (iso: string, session: string) => ({ timestamp: iso, sessionId: session, cwd: '/home/u/resumed' });
  const reply = (uuid: string, msg: string, req: string, output: number, iso: string, session: string) =>
    assistantLine(uuid, [{ type: 'text', text: `part ${uuid}` }], { ...at(iso, session), requestId: req }, { id: msg, usage: usageOf(12, output, 3000, 400) });
  const firstDay = (session: string) => [
    userLine('u1', 'start', at('2026-03-01T23:40:00.000Z', session)),
    reply('a1', 'msg_r1', 'req_r1', 1, '2026-03-01T23:40:05.000Z', session),
    reply('a2', 'msg_r1', 'req_r1', 1, '2026-03-01T23:40:06.000Z', session),
    reply('a3', 'msg_r1', 'req_r1', 250, '2026-03-01T23:40:09.000Z', session),
  ];
  return [
    { relPath: 'projects/-home-u-resumed/res-1.jsonl', bytes: jsonl(...firstDay('res-1')) },
    {
      relPath: 'projects/-home-u-resumed/res-2.jsonl',
      bytes: jsonl(
        ...firstDay('res-2'),
        userLine('u2', 'go on', at('2026-04-10T00:20:00.000Z', 'res-2')),
        reply('a4', 'msg_r2', 'req_r2', 40, '2026-04-10T00:20:04.000Z', 'res-2'),
        userLine('u3', 'and more', at('2026-04-10T19:00:00.000Z', 'res-2')), // 00:30 on the 11th in Kolkata
        reply('a5', 'msg_r3', 'req_r3', 70, '2026-04-10T19:00:04.000Z', 'res-2'),
      ),
    },
  ];
}

function ourDays(result: StatsResult): Record<string, TokenSums> {
  const days: Record<string, TokenSums> = {};
  for (const g of result.groups) {
    const { input, output, cacheRead, cacheCreation } = g.tokens;
    if (input + output + cacheRead + cacheCreation > 0) days[g.key] = { input, output, cacheRead, cacheCreation };
  }
  return days;
}

describe.skipIf(!sharedFixturesAvailable())('devlog stats --by day equals ccusage 20 daily', () => {
  let work: string;
  let claude: string;
  let env: Record<string, string>;
  let engine: RunningCli | undefined;
  const stats = async (tz: string, ...args: string[]) => {
    const r = await runCli(['stats', '--by', 'day', '--json', '--agent', 'claude-code', ...args], { ...env, TZ: tz });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as StatsResult;
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-stats-ccusage-'));
    claude = path.join(work, 'claude');
    const root = path.join(SHARED_FIXTURES, 'claude-code');
    const fixtures = sharedFixtureFiles('claude-code').filter((f) => f.endsWith('.jsonl')).map((f) => ({ relPath: layoutPath(root, f), bytes: fs.readFileSync(f) }));
    writeConfigDir(claude, [...fixtures, ...resumedSession()]);
    env = { DEVLOG_HOME: path.join(work, 'home'), HOME: work };
    const sync = await runCli(['sync', '--once', '--json', '--root', `claude-code=${claude}`], env);
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(async () => {
    await engine?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.each(['UTC', 'Asia/Kolkata', 'America/Los_Angeles'])('day by day and in total in %s, the resumed session included', async (tz) => {
    // A writer in this zone first (it rebuilds the per-day rollups for it), then the answer from
    // them; a zone other than the writer's is answered from the 15-minute rollups.
    const resync = await runCli(['sync', '--once', '--json', '--root', `claude-code=${claude}`], { ...env, TZ: tz });
    expect(resync.code, resync.stderr).toBe(0);
    const ccusage = runCcusageDaily(claude, work, tz);
    const ours = await stats(tz);
    expect(ourDays(ours)).toEqual(Object.fromEntries(ccusage.days));
    const { input, output, cacheRead, cacheCreation } = ours.total.tokens;
    expect({ input, output, cacheRead, cacheCreation }).toEqual(ccusage.totals);
    // The resumed session's first reply counts once, with its final output, on its own day.
    const march = tz === 'Asia/Kolkata' ? '2026-03-02' : '2026-03-01';
    expect(ours.groups.find((g) => g.key === march)?.tokens.output).toBe(250);
  });

  it('equals ccusage codex daily on the Codex fixtures, day by day', async () => {
    const codex = path.join(work, 'codex');
    for (const f of sharedFixtureFiles('codex')) {
      const target = path.join(codex, 'sessions', '2025', '09', '01', `rollout-2025-09-01T00-00-00-${path.basename(f)}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(f, target);
    }
    const codexEnv = { ...env, DEVLOG_HOME: path.join(work, 'home-codex'), TZ: 'UTC' };
    const sync = await runCli(['sync', '--once', '--json', '--root', `codex=${codex}`], codexEnv);
    expect(sync.code, sync.stderr).toBe(0);
    const r = await runCli(['stats', '--by', 'day', '--json', '--agent', 'codex'], codexEnv);
    expect(r.code, r.stderr).toBe(0);
    const ours = JSON.parse(r.stdout) as StatsResult;
    const ccusage = runCcusageDaily(codex, work, 'UTC', [], 'codex');
    expect(ccusage.days.size).toBeGreaterThan(1);
    expect(ourDays(ours)).toEqual(Object.fromEntries(ccusage.days));
  });

  it('counts only usage inside --since DATE, as ccusage --since does', async () => {
    for (const tz of ['UTC', 'Asia/Kolkata']) {
      const ccusage = runCcusageDaily(claude, work, tz, ['--since', '20260410']);
      const ours = await stats(tz, '--since', '2026-04-10');
      expect(ourDays(ours)).toEqual(Object.fromEntries(ccusage.days));
      expect(ours.total.tokens.output).toBe(110);
    }
  });

  it('gives the same answer through the running engine, which keeps answering without the store file', async () => {
    const direct = await stats('Asia/Kolkata');
    engine = startCli(['start', '--port', '0', '--no-history', '--root', `claude-code=${claude}`], env);
    await engine.waitFor(/devlog is running/);
    expect(await stats('Asia/Kolkata')).toEqual(direct);
    // Only the engine (whose reader is open) can answer once the file is gone from its path.
    const db = path.join(env.DEVLOG_HOME!, 'devlog.db');
    fs.renameSync(db, `${db}.away`);
    try {
      expect(await stats('Asia/Kolkata')).toEqual(direct);
    } finally {
      fs.renameSync(`${db}.away`, db);
    }
  }, 60_000);
});
