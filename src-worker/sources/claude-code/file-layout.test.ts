import { describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from './index.js';
import { classifyClaudeFile } from './file-layout.js';

describe('claude-code file layout', () => {
  it.each([
    ['projects/-Users-a-app/0a1b.jsonl', { role: 'session', projectPath: '-Users-a-app/0a1b.jsonl', stem: '0a1b' }],
    ['-Users-a-app/0a1b.jsonl', { role: 'session', projectPath: '-Users-a-app/0a1b.jsonl', stem: '0a1b' }],
    ['projects/-Users-a-app/0a1b/subagents/agent-a0ad.jsonl', { role: 'subagent', stem: 'agent-a0ad', parentSessionId: '0a1b' }],
    ['-Users-a-app/0a1b/subagents/agent-a0ad.jsonl', { role: 'subagent', stem: 'agent-a0ad', parentSessionId: '0a1b' }],
    ['projects/C--work-app/agent-1a2b.jsonl', { role: 'agent-sibling', stem: 'agent-1a2b' }],
  ])('reads %s', (relPath, expected) => {
    expect(classifyClaudeFile(relPath)).toMatchObject(expected);
    expect(claudeCodeAdapter.handlerFor(relPath)?.kind).toBe('append');
  });

  it.each([
    'history.jsonl',
    'projects/stray.jsonl',
    'todos/0a1b-agent-0a1b.json',
    'todos/0a1b.jsonl',
    'file-history/0a1b/x.jsonl',
    'projects/-Users-a-app/0a1b/subagents/agent-a0ad.meta.json',
    'projects/-Users-a-app/0a1b/tool-results/x.jsonl',
    'projects/-Users-a-app/notes.txt',
    'settings.json',
  ])('ignores %s', (relPath) => {
    expect(claudeCodeAdapter.handlerFor(relPath)).toBeUndefined();
  });

  it('scans deep enough for subagent files', () => {
    expect(claudeCodeAdapter.maxDepth).toBe(4);
  });
});
