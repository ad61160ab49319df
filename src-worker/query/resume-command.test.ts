import { afterEach, describe, expect, it } from 'vitest';
import { rec, TestStore } from './test-store.js';
import { getTranscript } from './transcript.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

describe('the resume command in the session detail', () => {
  it('names each agent\'s own command, to run in the session workspace; none where the agent has none', () => {
    const store = new TestStore();
    stores.push(store);
    const ws = { workspace: '/home/me/my app' };
    store.commit('claude-code', 'a.jsonl', { sessions: [rec.session('3f2a9c1e-0000-4000-8000-000000000001', ws)] });
    store.commit('codex', 'b.jsonl', { sessions: [rec.session('0199a000-0000-7000-8000-000000000002', ws)] });
    store.commit('gemini', 'c.json', { sessions: [rec.session('a1b2c3d4-0000-4000-8000-000000000003', ws)] });
    store.commit('copilot-chat', 'd.jsonl', { sessions: [rec.session('cli-1', { ...ws, extra: { product: 'copilot-cli' } })] });
    store.commit('copilot-chat', 'e.json', { sessions: [rec.session('vscode-1', ws)] });
    store.commit('cursor', 'f.vscdb', { sessions: [rec.session('composer-1', ws)] });
    const resume = (id: string) => getTranscript(store.reader(), id).resumeCommand;

    expect(resume('claude-code:3f2a9c1e-0000-4000-8000-000000000001')).toEqual({ command: 'claude --resume 3f2a9c1e-0000-4000-8000-000000000001', cwd: '/home/me/my app' });
    expect(resume('codex:0199a000-0000-7000-8000-000000000002')?.command).toBe('codex resume 0199a000-0000-7000-8000-000000000002');
    expect(resume('gemini:a1b2c3d4-0000-4000-8000-000000000003')?.command).toBe('gemini --resume a1b2c3d4-0000-4000-8000-000000000003');
    expect(resume('copilot-chat:cli-1')?.command).toBe('copilot --resume cli-1');
    expect(resume('copilot-chat:vscode-1')).toBeUndefined();
    expect(resume('cursor:composer-1')).toBeUndefined();
  });

  it('quotes an id a shell would split', () => {
    const store = new TestStore();
    stores.push(store);
    store.commit('claude-code', 'a.jsonl', { sessions: [rec.session("it's; rm -rf ~")] });
    expect(getTranscript(store.reader(), "claude-code:it's; rm -rf ~").resumeCommand).toEqual({ command: `claude --resume 'it'\\''s; rm -rf ~'`, cwd: null });
  });
});
