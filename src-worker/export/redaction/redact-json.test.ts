import { describe, expect, it } from 'vitest';
import { Random } from '../../testing/corpus/random.js';
import { redactJsonOrText, redactJsonValue } from './redact-json.js';
import { zeroCounts } from './redact-text.js';
import { FakeSecrets } from './testing/fake-secrets.js';

const fake = new FakeSecrets(21);

function redact(text: string) {
  const counts = zeroCounts();
  return { text: redactJsonOrText(text, counts), counts };
}

describe('tool input and result JSON text', () => {
  it('a Bash tool input: the command is redacted and the text is still valid JSON', () => {
    const pw = fake.password();
    const token = fake.githubToken();
    const input = JSON.stringify({ command: `export DB_PASSWORD=${pw} && GH_TOKEN=${token} gh api /user`, description: 'Call the API', timeout: 120000 });
    const { text, counts } = redact(input);
    expect(JSON.parse(text)).toEqual({
      command: 'export DB_PASSWORD=[REDACTED:password-assignment] && GH_TOKEN=[REDACTED:github-token] gh api /user',
      description: 'Call the API',
      timeout: 120000,
    });
    expect(counts).toMatchObject({ 'password-assignment': 1, 'github-token': 1 });
  });

  it('keeps formatting, key order, escapes and numbers exactly; only the secret literal changes', () => {
    const key = fake.openaiKey('proj');
    const input = `{\n  "n": 12345678901234567890,\n  "ratio": 1.50,\n  "name": "caf\\u00e9 \\/ \\"quoted\\"",\n  "env": { "OPENAI_API_KEY": "${key}" },\n  "list": [1e3, true, null]\n}`;
    const { text } = redact(input);
    expect(text).toBe(input.replace(key, '[REDACTED:openai-key]'));
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('a value is redacted whole when its key names a password or an AWS secret key', () => {
    const pw = fake.password();
    const aws = fake.awsSecretKey();
    const input = JSON.stringify({ env: { DB_PASSWORD: pw, AWS_SECRET_ACCESS_KEY: aws, PWD: '/home/dev' }, Credentials: { SecretAccessKey: aws }, passphrase: 'correct horse battery staple' });
    const { text, counts } = redact(input);
    expect(JSON.parse(text)).toEqual({
      env: { DB_PASSWORD: '[REDACTED:password-assignment]', AWS_SECRET_ACCESS_KEY: '[REDACTED:aws-secret-key]', PWD: '/home/dev' },
      Credentials: { SecretAccessKey: '[REDACTED:aws-secret-key]' },
      passphrase: '[REDACTED:password-assignment]',
    });
    expect(counts).toMatchObject({ 'password-assignment': 2, 'aws-secret-key': 2 });
  });

  it('keys stay as they are; a password key with a number, a reference or an empty value is kept', () => {
    const input = '{"password": 1234, "db_password": "${DB_PASSWORD}", "new_password": "", "passwordless": "yes", "password_hint": "pet name"}';
    expect(redact(input).text).toBe(input);
  });

  it('a private key inside a JSON string (escaped newlines) is replaced and the JSON stays valid', () => {
    const pem = FakeSecrets.pem('pkcs8');
    const input = JSON.stringify({ file_path: '/tmp/sa.json', content: JSON.stringify({ type: 'service_account', private_key: pem }, null, 2) });
    const { text, counts } = redact(input);
    const parsed = JSON.parse(text) as { content: string };
    expect(JSON.parse(parsed.content)).toEqual({ type: 'service_account', private_key: '[REDACTED:private-key]\n' });
    expect(counts['private-key']).toBe(1);
  });

  it('a top-level JSON string and a JSON array', () => {
    const jwt = fake.jwt();
    expect(JSON.parse(redact(JSON.stringify(`Bearer ${jwt}`)).text)).toBe('Bearer [REDACTED:jwt]');
    expect(JSON.parse(redact(JSON.stringify(['--password=' + fake.password(), 'ok'])).text)).toEqual(['--password=[REDACTED:password-assignment]', 'ok']);
  });

  it('text that only looks like JSON is redacted as text', () => {
    const pw = fake.password();
    expect(redact(`{'password': '${pw}'}`).text).toBe("{'password': '[REDACTED:password-assignment]'}");
    expect(redact(`[1/3] DB_PASSWORD=${pw}`).text).toBe('[1/3] DB_PASSWORD=[REDACTED:password-assignment]');
    expect(redact(`plain output: ${fake.slackToken()}`).text).toBe('plain output: [REDACTED:slack-token]');
  });
});

describe('parsed JSON values (message content)', () => {
  it('redacts strings at any depth, keeps everything else, and never modifies its input', () => {
    const key = fake.anthropicKey();
    const pw = fake.password();
    const content = Object.freeze([
      Object.freeze({ type: 'text', text: `Use ${key} for the test` }),
      Object.freeze({ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: Object.freeze({ command: 'psql', env: Object.freeze({ PGPASSWORD: pw }), timeout: 5 }) }),
      Object.freeze({ type: 'text', text: 'nothing here' }),
    ]);
    const before = structuredClone(content);
    const counts = zeroCounts();
    const out = redactJsonValue(content, counts) as typeof content;
    expect(content).toEqual(before);
    expect(out).toEqual([
      { type: 'text', text: 'Use [REDACTED:anthropic-key] for the test' },
      { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'psql', env: { PGPASSWORD: '[REDACTED:password-assignment]' }, timeout: 5 } },
      { type: 'text', text: 'nothing here' },
    ]);
    expect(out[2]).toBe(content[2]);
    expect(counts).toMatchObject({ 'anthropic-key': 1, 'password-assignment': 1 });
  });

  it('returns the same value when there is no secret', () => {
    const content = { a: [1, 'two', { three: null }], b: true };
    expect(redactJsonValue(content, zeroCounts())).toBe(content);
  });
});

describe('JSON text and parsed JSON agree', () => {
  /** A random JSON value mixing secrets, password keys, escapes, unicode and numbers. */
  function randomJson(rng: Random, depth: number): unknown {
    const strings = [
      () => fake.githubToken(),
      () => `line one\nDB_PASSWORD=${fake.password()}\n"quoted" \\ back\tslash`,
      () => `caf\u00e9 \u2028 ${fake.jwt()} \ud83d\ude00`,
      () => `postgres://u:${fake.password()}@db/x`,
      () => 'plain words',
      () => '',
    ];
    const keys = ['password', 'db_pass', 'text', 'SecretAccessKey', 'k', 'a b', '"q"', 'PWD'];
    const pick = rng.int(0, depth > 3 ? 2 : 4);
    if (pick === 0) return rng.pick(strings)();
    if (pick === 1) return rng.pick([0, -1.5, 9007199254740991, 1e21, true, null, false]);
    if (pick === 2) return fake.awsSecretKey();
    if (pick === 3) return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth + 1));
    return Object.fromEntries(Array.from({ length: rng.int(0, 5) }, () => [rng.pick(keys), randomJson(rng, depth + 1)]));
  }

  it('for 500 random documents, redacting the text gives valid JSON equal to redacting the parsed value', () => {
    const rng = new Random(77);
    for (let i = 0; i < 500; i++) {
      const value = randomJson(rng, 0);
      const text = JSON.stringify(value, null, i % 2 ? 2 : undefined);
      const fromText = zeroCounts();
      const fromValue = zeroCounts();
      const redacted = redactJsonOrText(text, fromText);
      expect(JSON.parse(redacted)).toEqual(redactJsonValue(JSON.parse(text), fromValue));
      expect(fromText).toEqual(fromValue);
    }
  });
});
