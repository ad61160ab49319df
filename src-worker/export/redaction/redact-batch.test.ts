import { describe, expect, it } from 'vitest';
import { IngestBatch, type IngestBatch as IngestBatchT, type WireRecord } from '../../../src-shared/sync-wire.js';
import { redactBatch } from './index.js';
import { FakeSecrets } from './testing/fake-secrets.js';

const fake = new FakeSecrets(33);
const secrets = {
  title: fake.githubToken(),
  prompt: fake.openaiKey(),
  extra: fake.slackToken(),
  text: fake.anthropicKey(),
  content: fake.jwt(),
  toolPassword: fake.password(),
  toolAws: fake.awsSecretKey(),
  result: FakeSecrets.pem('sec1'),
  resultUrl: fake.password(),
  metaTitle: fake.gitlabToken(),
};
const T = '2026-06-01T10:00:00.000Z';

function sampleBatch(): IngestBatchT {
  const records: WireRecord[] = [
    {
      kind: 'session',
      id: 'claude-code:s1',
      hash: 'h-session',
      agent: 'claude-code',
      nativeId: 's1',
      originMachine: 'm1',
      workspace: '/home/dev/src/app',
      agentTitle: `Rotate ${secrets.title}`,
      firstPrompt: `my key is ${secrets.prompt}, set it up`,
      gitBranch: 'main',
      startedAt: T,
      endedAt: null,
      models: ['claude-sonnet-4-5'],
      messageCount: 2,
      toolCallCount: 1,
      tokens: { input: 10, output: 20, cacheRead: 30, cacheCreation: 40, reasoning: 0 },
      extra: { summary: `posted with ${secrets.extra}`, turns: 3 },
    },
    {
      kind: 'message',
      id: 'm-1',
      sessionId: 'claude-code:s1',
      hash: 'h-m1',
      role: 'user',
      time: T,
      text: `ANTHROPIC_API_KEY=${secrets.text} does not work`,
      content: [{ type: 'text', text: `ANTHROPIC_API_KEY=${secrets.text} does not work` }, { type: 'text', text: `Bearer ${secrets.content}` }],
      ordinal: 0,
    },
    {
      kind: 'message',
      id: 'm-2',
      sessionId: 'claude-code:s1',
      hash: 'h-m2',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      time: T,
      text: 'Nothing secret in this one.',
      content: [{ type: 'text', text: 'Nothing secret in this one.' }],
      ordinal: 1,
    },
    {
      kind: 'tool_call',
      id: 'toolu_1',
      sessionId: 'claude-code:s1',
      hash: 'h-t1',
      messageId: 'm-2',
      name: 'Bash',
      input: JSON.stringify({ command: `PGPASSWORD='${secrets.toolPassword}' psql -h db`, env: { AWS_SECRET_ACCESS_KEY: secrets.toolAws } }),
      result: `${secrets.result}\nconnected to postgres://app:${secrets.resultUrl}@db:5432/app`,
      isError: false,
      time: T,
      resultTime: T,
    },
    { kind: 'usage', id: 'u-1', sessionId: 'claude-code:s1', hash: 'h-u1', messageId: 'm-2', time: T, model: 'claude-sonnet-4-5', input: 1, output: 2, cacheRead: 3, cacheCreation: 4, reasoning: 0 },
    { kind: 'session_meta', id: 'claude-code:s1', version: 2, updatedAt: T, updatedBy: 'm1', title: `Fix CI (${secrets.metaTitle})`, tags: ['ci'], starred: true, hidden: false, deleted: false },
  ];
  return { machineId: 'm1', machineName: 'laptop', team: 'core', records };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe('redactBatch', () => {
  it('replaces every secret in what leaves, counts each kind, and leaves the input batch as it was', () => {
    const input = deepFreeze(sampleBatch());
    const before = structuredClone(input);
    const { batch, counts } = redactBatch(input);

    expect(input).toEqual(before);
    const sent = JSON.stringify(batch);
    for (const [field, secret] of Object.entries(secrets)) {
      expect(sent, field).not.toContain(secret.split('\n')[1] ?? secret);
      expect(JSON.stringify(input), field).toContain(secret.split('\n')[1] ?? secret);
    }
    expect(counts).toEqual({
      'github-token': 1,
      'openai-key': 1,
      'slack-token': 1,
      'anthropic-key': 2,
      jwt: 1,
      'password-assignment': 1,
      'aws-secret-key': 1,
      'private-key': 1,
      'url-credentials': 1,
      'gitlab-token': 1,
    });
    // Still a batch the server accepts.
    expect(IngestBatch.safeParse(batch).success).toBe(true);
  });

  it('touches only the text fields: ids, hashes, times, names, numbers and flags are identical', () => {
    const input = sampleBatch();
    const { batch } = redactBatch(input);
    expect(batch.machineId).toBe('m1');
    expect(batch.team).toBe('core');
    batch.records.forEach((record, i) => {
      const original = input.records[i]! as Record<string, unknown>;
      const redacted = record as Record<string, unknown>;
      expect(Object.keys(redacted).sort()).toEqual(Object.keys(original).sort());
      for (const key of ['kind', 'id', 'hash', 'sessionId', 'time', 'resultTime', 'messageId', 'ordinal', 'tokens', 'name', 'model', 'models', 'workspace', 'gitBranch', 'tags', 'version', 'input', 'output']) {
        if (key === 'input' && record.kind === 'tool_call') continue;
        expect(redacted[key], `${record.kind}.${key}`).toEqual(original[key]);
      }
    });
    const tool = batch.records[3] as Extract<WireRecord, { kind: 'tool_call' }>;
    expect(JSON.parse(tool.input!)).toEqual({ command: "PGPASSWORD='[REDACTED:password-assignment]' psql -h db", env: { AWS_SECRET_ACCESS_KEY: '[REDACTED:aws-secret-key]' } });
    expect(tool.result).toBe('[REDACTED:private-key]\n\nconnected to postgres://app:[REDACTED:url-credentials]@db:5432/app');
    // Records without a secret go out as they are.
    expect(batch.records[2]).toBe(input.records[2]);
    expect(batch.records[4]).toBe(input.records[4]);
  });

  it('is deterministic, and a redacted batch has nothing left to redact', () => {
    const first = redactBatch(sampleBatch());
    expect(redactBatch(sampleBatch())).toEqual(first);
    const again = redactBatch(first.batch);
    expect(again.batch).toEqual(first.batch);
    expect(again.counts).toEqual({});
  });

  it('a batch without secrets: empty counts, the same records', () => {
    const input: IngestBatchT = { machineId: 'm1', records: [sampleBatch().records[2]!, sampleBatch().records[4]!] };
    const { batch, counts } = redactBatch(input);
    expect(counts).toEqual({});
    expect(batch.records).toEqual(input.records);
    expect(batch).not.toBe(input);
  });
});
