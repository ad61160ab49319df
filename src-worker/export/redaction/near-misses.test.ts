import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claudeSession } from '../../testing/corpus/claude-code.js';
import { Random, words } from '../../testing/corpus/random.js';
import { redactText } from './index.js';
import { FakeSecrets } from './testing/fake-secrets.js';

const fake = new FakeSecrets(3);

/** Left exactly as it was, nothing counted. */
function expectUntouched(text: string) {
  const result = redactText(text);
  expect(result.text).toBe(text);
  expect(Object.entries(result.counts).filter(([, n]) => n > 0)).toEqual([]);
}

describe('near misses are not redacted', () => {
  it.each([
    // "sk-" in prose and identifiers
    'Install scikit-learn (sk-learn) first; the task-runner and risk-free desk-check come next.',
    'Keys start with "sk-" followed by random characters.',
    'sk-this-is-not-a-key-but-a-very-long-kebab-case-name-2024',
    'sk-SOME_CONSTANT_NAME_THAT_IS_LONG_ENOUGH',
    'sk-ant- is the prefix of Anthropic keys',
    // git SHAs, UUIDs, hashes
    'commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 (HEAD -> main)',
    `Merge ${crypto.createHash('sha1').update('x').digest('hex')} into ${crypto.createHash('sha256').update('y').digest('hex')}`,
    'session 0b7e4c1a-9f3d-4e2b-8a61-5c2d7f9e1b34 started; request req_011CUjV4hZ6t2sYqz8KxJ1aB',
    'toolu_01A09q90qw90lq917835lq9 and msg_01XFDUDYJgAACzvnptvVoYEL',
    // AWS-ish shapes
    'AKIA1234 is too short, and AKIAIOSFODNN7EXAMPLEX too long; XAKIAIOSFODNN7EXAMPL is inside a word.',
    'user id AIDAJQABLZS4A3QDU576Q, role AROA3XFRBF535PLBIFPI4',
    `a 40-character value without a name: ${fake.awsSecretKey()}`,
    // tokens without their shape
    'ghp_short gh_pages ghp_ github_pat_ glpat- glpat-short xoxb-not-a-real-token xoxo-gossip',
    // JWT-like but not a JWT
    'eyJhbGciOiJIUzI1NiJ9 alone has no payload',
    `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"1"}').toString('base64url')}.c2lnbmF0dXJl (no "alg")`,
    'eyJub3QganNvbg.eyJzdWIiOiIxIn0.abc',
    // keys that are not private
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----',
    // the word password without a value
    'Enter your password to continue. Passwords must match.',
    'Reset your password: click the link in the email.',
    'password:\nPassword: \n',
    'The password field is required and PASSWORD_MIN_LENGTH=8 applies.',
    // password in code, not a value
    'if (password == null || password === confirm || password != "") return;',
    'self.password = password',
    'password = getpass.getpass("Password: ")',
    'const password = process.env.DB_PASSWORD;',
    'login(user, password=password)',
    'connect(host="db", password=pw, timeout=5)',
    'passwordHash = bcrypt.hash(password, 10)',
    'password = request.form["password"]',
    'class Login(BaseModel):\n    username: str\n    password: str\n',
    'interface Credentials {\n  password: string\n}\ntype Mutation { login(password: String!): Token }',
    '<input type="password" name="password" autocomplete="current-password">',
    // names that end in "pass" or "pwd" but are not passwords
    'BYPASS=1 COMPASS_HEADING=90 PWD=/home/dev/src OLDPWD=/tmp',
    // references and placeholders
    'PASSWORD=${DB_PASSWORD}',
    'DB_PASSWORD=$DB_PASSWORD',
    'password: "{{ vault_db_password }}"',
    'password: <your-password>',
    'password: "********"',
    'password: null',
    'export PGPASSWORD=$(cat /run/secrets/pg)',
    'postgres://user:${PGPASSWORD}@db/app',
    'f"postgres://{user}:{password}@{host}/{db}"',
    // URLs without a password
    'https://example.com:8443/path?q=1 and http://[::1]:8080/ and https://user@example.com/',
    'git@github.com:org/repo.git ssh://git@github.com/org/repo.git mailto:dev@example.com',
    'see https://example.com:8080/path@section',
  ])('%s', (text) => expectUntouched(text));

  it('a base64 image (data URL) of 100 KB', () => {
    const rng = new Random(5);
    const bytes = Buffer.from(Array.from({ length: 75_000 }, () => rng.int(0, 255)));
    expectUntouched(`![screenshot](data:image/png;base64,${bytes.toString('base64')})`);
    expectUntouched(`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"${bytes.toString('base64url')}"}}`);
  });

  it('two megabytes of realistic transcript text (the corpus generator)', () => {
    expectUntouched(words(new Random(9), 2_000_000));
    const session = claudeSession(new Random(10), { sessionId: 'x', cwd: '/home/dev/src/app', targetBytes: 1_000_000, startMs: 0, withSubagent: false });
    expectUntouched(session.main);
  });
});
