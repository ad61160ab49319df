/**
 * Format drift as a user meets it: after `devlog collect` reads a transcript with a record kind
 * devlog does not know, `devlog status` names it with the agent version and `devlog doctor`
 * shows it as a notice while still exiting 0 (the store is sound). Status counts default folders
 * that are not there instead of listing each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src-worker/testing/cli-process.js';
import { useTempHome } from '../src-worker/testing/temp-home.js';

const line = (type: string, uuid: string) =>
  JSON.stringify({ type, uuid, sessionId: 's1', version: '2.9.0', cwd: '/w', timestamp: '2026-05-01T10:00:00.000Z', message: { role: 'user', content: 'hello' } });

describe('format drift in status and doctor (real processes)', () => {
  const tempHome = useTempHome('devlog-drift-');

  it('names unknown record kinds with the agent version; doctor notes them and exits 0', async () => {
    const work = tempHome();
    const project = path.join(work, 'claude', 'projects', '-w');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 's1.jsonl'), [line('user', 'u1'), line('hologram', 'u2'), line('hologram', 'u3')].join('\n') + '\n');
    const env = { DEVLOG_HOME: path.join(work, 'devlog'), HOME: work, XDG_CONFIG_HOME: '', CLINE_DIR: '' };
    const collect = await runCli(['collect', '--root', `claude-code=${path.join(work, 'claude')}`], env);
    expect(collect.code, collect.stderr).toBe(0);

    const status = await runCli(['status'], env);
    expect(status.stdout).toContain('format drift: kind hologram ×2 (version 2.9.0)');
    // The Cline family's default folders, none present, are counted rather than listed.
    expect(status.stdout).toMatch(/ cline .*\n +- 8 default folders not found \(status --json lists them\)\n/);
    const doctor = await runCli(['doctor'], env);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/notice +format drift: 2 records of unknown kinds or with unknown fields, from 1 agent/);
    expect(doctor.stdout).toContain('claude-code 2.9.0: kind hologram ×2');
  });
});
