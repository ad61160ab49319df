import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../start-engine.js';
import { createExportService } from './create.js';
import { readOutboundLog } from './export-store.js';
import { REDACTION_KINDS, type RedactionKind } from './redaction/index.js';
import { FakeSecrets } from './redaction/testing/fake-secrets.js';
import { ingestOk, startFakeRemote } from './testing/fake-remote.js';

/**
 * What leaves the machine is redacted, what stays is not: a real Claude Code session with one
 * secret of every kind (in a prompt, a tool input and a tool result), collected, exported
 * through the exporter the engine builds, and compared on both sides.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function claudeLines(sessionId: string, cwd: string, prompt: string, command: string, result: string): string {
  const base = (uuid: string, parentUuid: string | null, type: string, timestamp: string) => ({ parentUuid, isSidechain: false, userType: 'external', cwd, sessionId, version: '2.1.14', gitBranch: 'main', type, uuid, timestamp });
  return (
    [
      { ...base('u1', null, 'user', '2026-01-01T10:00:00.000Z'), message: { role: 'user', content: prompt } },
      {
        ...base('a1', 'u1', 'assistant', '2026-01-01T10:00:05.000Z'),
        message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command } }], usage: { input_tokens: 10, output_tokens: 5 } },
        requestId: 'req_1',
      },
      { ...base('u2', 'a1', 'user', '2026-01-01T10:00:06.000Z'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: result }] } },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n'
  );
}

describe('redaction on export', () => {
  it('replaces every kind of secret in what the remote receives, keeps the originals locally, and logs the counts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-export-redact-'));
    dirs.push(dir);
    // One secret of every kind: most in the prompt, one in a tool input, one in a tool result.
    const kinds = new FakeSecrets(5).oneOfEachKind();
    const secrets = Object.fromEntries(kinds.map((k) => [k.kind, k.secret])) as Record<RedactionKind, string>;
    const prompt = kinds.slice(0, -2).map((k) => k.line).join('\n');
    const command = `${kinds.at(-2)!.line} ./deploy.sh`;
    const result = `connected with ${kinds.at(-1)!.line}`;
    const root = path.join(dir, 'claude');
    fs.mkdirSync(path.join(root, 'projects', 'app'), { recursive: true });
    fs.writeFileSync(path.join(root, 'projects', 'app', 'redact-1.jsonl'), claudeLines('redact-1', '/home/ada/work/app', prompt, command, result));

    const remote = await startFakeRemote((req) => ingestOk(req));
    const running = startEngine({ home: path.join(dir, 'home'), mode: 'once', rootOverrides: new Map([['claude-code', [root]]]) });
    try {
      await running.historyDone;
      process.env.DEVLOG_TEST_REDACT_TOKEN = 'tok';
      running.engine.updateConfig((c) => ({ ...c, remotes: [{ name: 'team', url: remote.url, auto: false, intervalSeconds: 30, include: [], exclude: [], agents: [], redact: true, pull: false, paused: false, token: '${DEVLOG_TEST_REDACT_TOKEN}' }] }));
      const exporter = running.engine.register(createExportService(running.engine, {})).start({ auto: false });
      const [status] = await exporter.exportNow({ remote: 'team' });
      expect(status).toMatchObject({ state: 'synced', lastError: null });

      const sent = JSON.stringify(remote.requests.map((r) => r.batch));
      const local = JSON.stringify(running.engine.db.prepare('SELECT m.text, t.input, t.result FROM messages m, tool_calls t').all());
      for (const kind of REDACTION_KINDS) {
        const secret = secrets[kind].trim();
        expect(sent, kind).not.toContain(JSON.stringify(secret).slice(1, -1).slice(0, 40));
        expect(sent, kind).toContain(`[REDACTED:${kind}]`);
        expect(local, kind).toContain(JSON.stringify(secret).slice(1, -1).slice(0, 40));
      }
      const [entry] = readOutboundLog(running.engine.db, { remote: 'team' });
      expect(entry!.remote).toBe('team');
      for (const kind of REDACTION_KINDS) expect(entry!.redactions[kind], kind).toBeGreaterThanOrEqual(1);
    } finally {
      running.stop();
      await remote.close();
    }
  });
});
