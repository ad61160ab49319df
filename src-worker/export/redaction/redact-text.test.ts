import { describe, expect, it } from 'vitest';
import { REDACTION_KINDS, redactText, type RedactionKind } from './index.js';
import { FakeSecrets } from './testing/fake-secrets.js';

const fake = new FakeSecrets(7);
const mark = (kind: RedactionKind) => `[REDACTED:${kind}]`;

/** The text with each secret in it replaced, and exactly `n` of `kind` counted (no other kind). */
function expectRedacted(text: string, secrets: string[], kind: RedactionKind, expected: string, n = 1) {
  const result = redactText(text);
  expect(result.text).toBe(expected);
  for (const secret of secrets) expect(result.text).not.toContain(secret);
  const counts = Object.fromEntries(REDACTION_KINDS.map((k) => [k, k === kind ? n : 0]));
  expect(result.counts).toEqual(counts);
}

/** Secrets that become the mark as a whole, in several realistic surroundings. */
function wholeTokenCases(kind: RedactionKind, secrets: string[], contexts: ((s: string) => string)[]) {
  const m = mark(kind);
  for (const secret of secrets) {
    for (const context of contexts) {
      it(`${context('SECRET')} with ${secret.slice(0, 12)}…`, () => expectRedacted(context(secret), [secret], kind, context(m)));
    }
  }
}

describe('aws-access-key', () => {
  wholeTokenCases('aws-access-key', [fake.awsAccessKey('AKIA'), fake.awsAccessKey('ASIA')], [
    (s) => `export AWS_ACCESS_KEY_ID=${s}`,
    (s) => `aws_access_key_id = ${s}\nregion = eu-west-1`,
    (s) => `{"Credentials": {"AccessKeyId": "${s}", "Expiration": "2026-06-01T00:00:00Z"}}`,
    (s) => `The key ${s} was rotated yesterday.`,
  ]);

  it("AWS's documented example key is redacted too (examples are not told apart from real keys)", () => {
    expectRedacted('AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', ['AKIAIOSFODNN7EXAMPLE'], 'aws-access-key', `AWS_ACCESS_KEY_ID=${mark('aws-access-key')}`);
  });
});

describe('aws-secret-key: only the value after a secret-key name', () => {
  const secret = fake.awsSecretKey();
  const m = mark('aws-secret-key');
  it.each([
    [`aws_secret_access_key = ${secret}`, `aws_secret_access_key = ${m}`],
    [`export AWS_SECRET_ACCESS_KEY=${secret}`, `export AWS_SECRET_ACCESS_KEY=${m}`],
    [`"SecretAccessKey": "${secret}",`, `"SecretAccessKey": "${m}",`],
    [`new S3Client({ credentials: { secretAccessKey: '${secret}' } })`, `new S3Client({ credentials: { secretAccessKey: '${m}' } })`],
    [`aws-secret-key: ${secret}`, `aws-secret-key: ${m}`],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws_secret_access_key=${m}`],
  ])('%s', (text, expected) => expectRedacted(text, [secret], 'aws-secret-key', expected));
});

describe('github-token', () => {
  wholeTokenCases('github-token', [fake.githubToken('ghp'), fake.githubToken('gho'), fake.githubToken('ghu'), fake.githubToken('ghs'), fake.githubToken('ghr'), fake.githubFineGrained()], [
    (s) => `GITHUB_TOKEN=${s} gh pr list`,
    (s) => `Authorization: token ${s}`,
  ]);
});

describe('gitlab-token', () => {
  const routable = `${fake.gitlabToken('glpat')}.01.${fake.chars(9)}`;
  wholeTokenCases('gitlab-token', [fake.gitlabToken('glpat'), fake.gitlabToken('gldt'), fake.gitlabToken('glrt'), routable], [
    (s) => `curl --header "PRIVATE-TOKEN: ${s}" https://gitlab.example.com/api/v4/projects`,
    (s) => `the token is ${s}.`,
  ]);
});

describe('openai-key', () => {
  wholeTokenCases('openai-key', [fake.openaiKey('legacy'), fake.openaiKey('proj'), fake.openaiKey('svcacct'), `sk-${fake.chars(32, '0123456789abcdef')}`], [
    (s) => `OPENAI_API_KEY=${s}`,
    (s) => `client = OpenAI(api_key="${s}")`,
    (s) => `-H "Authorization: Bearer ${s}"`,
  ]);
});

describe('anthropic-key', () => {
  wholeTokenCases('anthropic-key', [fake.anthropicKey('api03'), fake.anthropicKey('admin01')], [
    (s) => `export ANTHROPIC_API_KEY=${s}`,
    (s) => `-H "x-api-key: ${s}"`,
    (s) => `{"apiKey":"${s}"}`,
  ]);
});

describe('slack-token', () => {
  const user = `xoxp-${fake.chars(10, '0123456789')}-${fake.chars(10, '0123456789')}-${fake.chars(13, '0123456789')}-${fake.chars(32, '0123456789abcdef')}`;
  const app = `xapp-1-A${fake.chars(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}-${fake.chars(13, '0123456789')}-${fake.chars(64, '0123456789abcdef')}`;
  const rotating = `xoxe.xoxp-1-${fake.chars(60)}`;
  wholeTokenCases('slack-token', [fake.slackToken('xoxb'), fake.slackToken('xoxa'), fake.slackToken('xoxr'), fake.slackToken('xoxs'), user, app, rotating], [
    (s) => `SLACK_BOT_TOKEN=${s}`,
    (s) => `app = App(token="${s}")`,
  ]);
});

/** Its own generator, so the secrets of the other tests stay the same whatever is added here. */
const more = new FakeSecrets(21);

describe('stripe-key', () => {
  wholeTokenCases('stripe-key', [more.stripeKey('sk_live'), more.stripeKey('rk_live'), more.stripeKey('sk_test')], [
    (s) => `STRIPE_SECRET_KEY=${s}`,
    (s) => `const stripe = new Stripe('${s}');`,
  ]);
});

describe('google-api-key', () => {
  wholeTokenCases('google-api-key', [more.googleApiKey()], [(s) => `GOOGLE_API_KEY=${s}`, (s) => `https://maps.googleapis.com/maps/api/geocode/json?key=${s}&address=x`]);
});

describe('npm-token', () => {
  wholeTokenCases('npm-token', [more.npmToken()], [(s) => `//registry.npmjs.org/:_authToken=${s}`, (s) => `NPM_TOKEN=${s} npm publish`]);
});

describe('huggingface-token', () => {
  wholeTokenCases('huggingface-token', [more.huggingFaceToken()], [(s) => `HF_TOKEN=${s}`, (s) => `huggingface-cli login --token ${s}`]);
});

describe('authorization-header: the credential after Basic or Bearer', () => {
  const basic = more.basicCredentials();
  const bearer = more.mixed(40, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const m = mark('authorization-header');
  it.each([
    [`curl -H "Authorization: Basic ${basic}" https://ci.example.com`, `curl -H "Authorization: Basic ${m}" https://ci.example.com`, basic],
    [`authorization: Bearer ${bearer}\\naccept: */*`, `authorization: Bearer ${m}\\naccept: */*`, bearer],
    [`{"Authorization": "Bearer ${bearer}"}`, `{"Authorization": "Bearer ${m}"}`, bearer],
  ])('%s', (text, expected, secret) => expectRedacted(text, [secret], 'authorization-header', expected));

  it('leaves prose and placeholders alone, and lets a JWT be named as one', () => {
    for (const text of ['Authorization: Bearer token-goes-here', 'Authorization: Basic realm="api"', 'Set Authorization: Bearer $TOKEN in the header']) {
      expect(redactText(text).text).toBe(text);
    }
    const jwt = more.jwt();
    expectRedacted(`Authorization: Bearer ${jwt}`, [jwt], 'jwt', `Authorization: Bearer ${mark('jwt')}`);
  });
});

describe('jwt', () => {
  const hs256 = fake.jwt();
  const rs256 = fake.jwt({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, { iss: 'https://auth.example.com', aud: 'api', exp: 1_800_000_000, scope: 'read write' }, 342);
  const unsigned = fake.jwt({ alg: 'none' }, { sub: 'x' }, 0);
  const jwe = `${Buffer.from('{"alg":"RSA-OAEP","enc":"A256GCM"}').toString('base64url')}.${fake.chars(342, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}.${fake.chars(16)}.${fake.chars(200)}.${fake.chars(22)}`;
  wholeTokenCases('jwt', [hs256, rs256, unsigned, jwe], [
    (s) => `Authorization: Bearer ${s}`,
    (s) => `{"access_token":"${s}","token_type":"Bearer"}`,
    (s) => `token=${s}&next=/home`,
  ]);
});

describe('private-key: the whole block', () => {
  const m = mark('private-key');
  const pems = {
    pkcs8: FakeSecrets.pem('pkcs8'),
    pkcs1: FakeSecrets.pem('pkcs1'),
    sec1: FakeSecrets.pem('sec1'),
    encrypted: FakeSecrets.pem('encrypted'),
    openssh: fake.block('OPENSSH PRIVATE KEY'),
    pgp: fake.block('PGP PRIVATE KEY BLOCK').replace('\n', '\nVersion: GnuPG v2\nComment: https://gnupg.org (user <dev@example.com>)\n\n'),
  };
  const bodyLines = (pem: string) => pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

  for (const [name, pem] of Object.entries(pems)) {
    it(`${name}: ${pem.split('\n')[0]}`, () => {
      const text = `$ cat ~/.ssh/id_key\n${pem}\nDone, the key is above.`;
      const result = redactText(text);
      expect(result.text).toBe(`$ cat ~/.ssh/id_key\n${m}\n\nDone, the key is above.`);
      for (const line of bodyLines(pem)) expect(result.text).not.toContain(line);
      expect(result.counts['private-key']).toBe(1);
    });
  }

  it('a key inside a JSON document shown as text (escaped "\\n", e.g. a service-account file)', () => {
    const escaped = JSON.stringify(pems.pkcs8).slice(1, -1);
    const text = `{"type": "service_account", "private_key": "${escaped}", "client_email": "ci@example.iam.gserviceaccount.com"}`;
    expectRedacted(text, bodyLines(pems.pkcs8), 'private-key', `{"type": "service_account", "private_key": "${m}\\n", "client_email": "ci@example.iam.gserviceaccount.com"}`);
  });

  it('a key cut short (no END line, e.g. `head -5`) is redacted as far as it goes', () => {
    const cut = pems.pkcs1.split('\n').slice(0, 5).join('\n');
    const result = redactText(`$ head -5 key.pem\n${cut}\n(output truncated)`);
    expect(result.text).toBe(`$ head -5 key.pem\n${m}(output truncated)`);
    expect(result.counts['private-key']).toBe(1);
  });

  it('two keys one after the other are two blocks', () => {
    const result = redactText(`${pems.sec1}${pems.pkcs8}`);
    expect(result.text).toBe(`${m}\n${m}\n`);
    expect(result.counts['private-key']).toBe(2);
  });
});

describe('password-assignment: only the value', () => {
  const pw = fake.password();
  const m = mark('password-assignment');
  it.each([
    [`DB_PASSWORD=${pw}`, `DB_PASSWORD=${m}`],
    [`export PGPASSWORD='${pw}'`, `export PGPASSWORD='${m}'`],
    [`MYSQL_PWD=${pw} mysql -u root`, `MYSQL_PWD=${m} mysql -u root`],
    [`  - POSTGRES_PASSWORD=${pw}\n`, `  - POSTGRES_PASSWORD=${m}\n`],
    [`database:\n  db_pass: ${pw}\n  host: db`, `database:\n  db_pass: ${m}\n  host: db`],
    [`DB_PASS: "${pw}"`, `DB_PASS: "${m}"`],
    [`{"user": "admin", "password": "${pw}"}`, `{"user": "admin", "password": "${m}"}`],
    [`password = "${pw}"`, `password = "${m}"`],
    [`const config = { dbPass: '${pw}' };`, `const config = { dbPass: '${m}' };`],
    [`mysql -u root --password=${pw} app`, `mysql -u root --password=${m} app`],
    [`Server=db;Database=app;User Id=sa;Password=${pw};`, `Server=db;Database=app;User Id=sa;Password=${m};`],
    [`GET /login?user=a&password=${pw}&next=%2F`, `GET /login?user=a&password=${m}&next=%2F`],
    [`$db = ['password' => '${pw}'];`, `$db = ['password' => '${m}'];`],
    [`passphrase: ${pw}`, `passphrase: ${m}`],
    [`  password: ${pw}   # production\r\n  user: app`, `  password: ${m}   # production\r\n  user: app`],
    [`{"password": "pa\\"ss ${pw}"}`, `{"password": "${m}"}`],
    ['POSTGRES_PASSWORD=changeme', `POSTGRES_PASSWORD=${m}`],
  ])('%s', (text, expected) => expectRedacted(text, [pw], 'password-assignment', expected));
});

describe('url-credentials: scheme, user and host kept', () => {
  const pw = fake.password();
  const m = mark('url-credentials');
  it.each([
    [`DATABASE_URL=postgres://app:${pw}@db.internal:5432/app`, `DATABASE_URL=postgres://app:${m}@db.internal:5432/app`],
    [`mysql://root:${pw}@127.0.0.1/test`, `mysql://root:${m}@127.0.0.1/test`],
    [`redis://:${pw}@cache:6379/0`, `redis://:${m}@cache:6379/0`],
    [`mongodb+srv://svc:${pw}@cluster0.abcde.mongodb.net/?retryWrites=true`, `mongodb+srv://svc:${m}@cluster0.abcde.mongodb.net/?retryWrites=true`],
    [`git clone https://x-access-token:${pw}@github.com/org/repo.git`, `git clone https://x-access-token:${m}@github.com/org/repo.git`],
    [`amqp://guest:p@ss:w0rd${pw}@[::1]:5672`, `amqp://guest:${m}@[::1]:5672`],
  ])('%s', (text, expected) => expectRedacted(text, [pw], 'url-credentials', expected));
});

describe('several kinds in one text', () => {
  it('each is replaced and counted under its own kind', () => {
    const gh = fake.githubToken();
    const oa = fake.openaiKey();
    const ak = fake.awsAccessKey();
    const text = `GITHUB_TOKEN=${gh}\nOPENAI_API_KEY=${oa}\nAWS_ACCESS_KEY_ID=${ak}\nagain ${gh}\nDB_PASSWORD=hunter2`;
    const result = redactText(text);
    expect(result.text).toBe(
      `GITHUB_TOKEN=${mark('github-token')}\nOPENAI_API_KEY=${mark('openai-key')}\nAWS_ACCESS_KEY_ID=${mark('aws-access-key')}\nagain ${mark('github-token')}\nDB_PASSWORD=${mark('password-assignment')}`,
    );
    expect(result.counts).toMatchObject({ 'github-token': 2, 'openai-key': 1, 'aws-access-key': 1, 'password-assignment': 1, jwt: 0 });
  });

  it('is deterministic and idempotent: redacting the result again changes nothing', () => {
    const text = `token ${fake.slackToken()} and postgres://u:${fake.password()}@h/db and password: "${fake.password()}"`;
    const once = redactText(text);
    expect(redactText(text)).toEqual(once);
    const twice = redactText(once.text);
    expect(twice.text).toBe(once.text);
    expect(Object.values(twice.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('the fake secrets other tests use', () => {
  it('cover every kind, and each line is redacted under its kind', () => {
    const samples = new FakeSecrets(1).oneOfEachKind();
    expect(samples.map((s) => s.kind).sort()).toEqual([...REDACTION_KINDS].sort());
    for (const { kind, line, secret } of samples) {
      const result = redactText(line);
      expect(result.text, kind).not.toContain(secret.split('\n')[1] ?? secret);
      expect(result.counts[kind], kind).toBe(1);
    }
  });
});
