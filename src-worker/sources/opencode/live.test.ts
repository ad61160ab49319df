/**
 * `devlog start` as a real process with OpenCode's files changing while it runs: a message
 * added to the database (through its WAL), and a message of the JSON storage whose part is
 * written after the message file (as OpenCode writes a prompt), both appear without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeTexts, useStartedEngines } from '../../testing/started-engines.js';
import { until } from '../../testing/until.js';
import { messages, SESSION_ID, writeDatabase, writeJsonStorage, type TestMessage } from './test-session.js';

const prompt = (id: string, text: string, at: string): TestMessage => ({ id, info: { role: 'user', time: { created: Date.parse(at) }, agent: 'build' }, parts: [{ id: `prt_${id}`, type: 'text', text }] });

describe('devlog start: OpenCode live', () => {
  const { tempHome, start: startEngine } = useStartedEngines('devlog-opencode-live-');

  async function start(root: string) {
    const work = path.dirname(root);
    const home = path.join(work, 'devlog');
    await startEngine(['--root', `opencode=${root}`], { DEVLOG_HOME: home, HOME: work, USERPROFILE: work });
    return () => storeTexts(home, "SELECT text FROM messages WHERE role = 'user' ORDER BY ordinal");
  }

  it('reads a message added to the database while it runs', async () => {
    const root = path.join(tempHome(), 'opencode');
    writeDatabase(root);
    const prompts = await start(root);
    expect(prompts()).toEqual(['why is test_login flaky?']);
    writeDatabase(root, [...messages, prompt('msg_010', 'and the logout test?', '2026-03-02T10:10:00.000Z')], Date.parse('2026-03-02T10:10:01.000Z'));
    await until(() => prompts().includes('and the logout test?'), 'the new message');
  });

  it('reads a JSON-storage message whose part is written after the message file', async () => {
    const root = path.join(tempHome(), 'opencode');
    writeJsonStorage(root);
    const prompts = await start(root);
    expect(prompts()).toEqual(['why is test_login flaky?']);
    const late = prompt('msg_011', 'now the signup test', '2026-03-02T10:20:00.000Z');
    const messageFile = path.join(root, 'storage', 'message', SESSION_ID, 'msg_011.json');
    fs.writeFileSync(messageFile, JSON.stringify({ id: late.id, sessionID: SESSION_ID, ...late.info }));
    // The message file alone has no text yet; its part follows a moment later.
    await new Promise((r) => setTimeout(r, 300));
    const partFile = path.join(root, 'storage', 'part', late.id, 'prt_msg_011.json');
    fs.mkdirSync(path.dirname(partFile), { recursive: true });
    fs.writeFileSync(partFile, JSON.stringify({ ...late.parts[0], sessionID: SESSION_ID, messageID: late.id }));
    await until(() => prompts().includes('now the signup test'), 'the late part');
  });
});
