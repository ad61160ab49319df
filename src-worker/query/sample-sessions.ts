import type { TestStore } from './test-store.js';
import { rec } from './test-store.js';

/** The home folder the samples' workspaces live in (passed as FilterContext.home in tests). */
export const SAMPLE_HOME = '/home/dev';

/**
 * Four sessions with known content, tokens and times, used by the query, stats and CLI tests.
 *   alpha-1  claude-code  ~/code/alpha      2026-11-01  sonnet 4.5   agent title, tool call, sidechain
 *   beta-2   claude-code  ~/code/beta/web   2026-11-05  opus 4.1     prompt title only
 *   gamma-3  codex        ~/code/alpha      2026-11-10  gpt-5-codex + an unpriced model
 *   delta-4  copilot-chat ~/notes           2026-11-12  no usage
 */
export function writeSampleSessions(store: TestStore): void {
  const t = (day: string, hm: string) => `2026-11-${day}T${hm}:00.000Z`;
  store.commit('claude-code', 'alpha/alpha-1.jsonl', {
    sessions: [rec.session('alpha-1', { workspace: `${SAMPLE_HOME}/code/alpha`, title: 'Fix the login bug', gitBranch: 'main', models: ['claude-sonnet-4-5-20250929'] })],
    messages: [
      rec.message('alpha-1', 'a1', 10, { role: 'user', text: 'The login page throws a TypeError when the password field is empty', time: t('01', '10:00') }),
      rec.message('alpha-1', 'a2', 20, { role: 'assistant', text: 'I will look at auth.ts and run the tests.', time: t('01', '10:01'), model: 'claude-sonnet-4-5-20250929' }),
      rec.message('alpha-1', 'a3', 30, { role: 'assistant', text: '', time: t('01', '10:02'), model: 'claude-sonnet-4-5-20250929' }),
      rec.message('alpha-1', 'a4', 40, { role: 'user', text: 'Now also add a regression test please', time: t('01', '10:05') }),
      rec.message('alpha-1', 'a5', 50, { role: 'user', text: '<system-reminder>injected context</system-reminder>', time: t('01', '10:05'), isMeta: true, kind: 'meta' }),
    ],
    toolCalls: [rec.toolCall('alpha-1', 'tc1', { messageId: 'a3', name: 'Bash', input: { command: 'npm test -- login' }, time: t('01', '10:02') })],
    usage: [
      rec.usage('alpha-1', 'u1', 'claude-sonnet-4-5-20250929', { input: 1000, output: 500, cacheRead: 10_000, cacheCreation: 2000, time: t('01', '10:01') }),
      rec.usage('alpha-1', 'u2', 'claude-sonnet-4-5-20250929', { input: 100, output: 50, time: t('01', '10:03') }),
    ],
  });
  // The tool result arrives in a later commit, as it does in a live transcript.
  store.commit('claude-code', 'alpha/alpha-1.jsonl', {
    toolCalls: [rec.toolCall('alpha-1', 'tc1', { result: '1 failing: expected hashPassword to be called\n' + 'x'.repeat(5000), isError: true, resultTime: t('01', '10:03') })],
  });
  // A subagent's file: its own ordinals, placed by time between the main file's messages.
  store.commit('claude-code', 'alpha/alpha-1/subagents/agent-x.jsonl', {
    messages: [rec.message('alpha-1', 'sub1', 5, { role: 'assistant', text: 'Subagent searched the codebase for hashPassword', time: t('01', '10:04'), isSidechain: true })],
  });
  store.commit('claude-code', 'beta/beta-2.jsonl', {
    sessions: [rec.session('beta-2', { workspace: `${SAMPLE_HOME}/code/beta/web`, models: ['claude-opus-4-1-20250805'] })],
    messages: [
      rec.message('beta-2', 'b1', 1, { role: 'user', text: 'Refactor the café menu renderer   into small components', time: t('05', '09:00') }),
      rec.message('beta-2', 'b2', 2, { role: 'assistant', text: 'Done: the menu renderer is split in three.', time: t('05', '09:30'), model: 'claude-opus-4-1-20250805' }),
    ],
    usage: [rec.usage('beta-2', 'u3', 'claude-opus-4-1-20250805', { input: 2000, output: 1000, cacheRead: 0, cacheCreation: 0, time: t('05', '09:30') })],
  });
  store.commit('codex', 'rollout-gamma.jsonl', {
    sessions: [rec.session('gamma-3', { workspace: `${SAMPLE_HOME}/code/alpha`, models: ['gpt-5-codex', 'mystery-model-1'] })],
    messages: [
      rec.message('gamma-3', 'g1', 1, { role: 'user', text: 'Write docs for the login flow', time: t('10', '08:00') }),
      rec.message('gamma-3', 'g2', 2, { role: 'assistant', text: 'Docs written to docs/login.md', time: t('10', '08:10'), model: 'gpt-5-codex' }),
    ],
    usage: [
      rec.usage('gamma-3', 'u4', 'gpt-5-codex', { input: 10_000, output: 2000, cacheRead: 50_000, time: t('10', '08:10') }),
      rec.usage('gamma-3', 'u5', 'mystery-model-1', { input: 4000, output: 1000, time: t('10', '08:11') }),
    ],
  });
  store.commit('copilot-chat', 'delta.json', {
    sessions: [rec.session('delta-4', { workspace: `${SAMPLE_HOME}/notes` })],
    messages: [rec.message('delta-4', 'd1', 0, { role: 'user', text: 'Summarise my meeting notes', time: t('12', '12:00') })],
  });
}
