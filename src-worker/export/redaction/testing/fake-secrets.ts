import crypto from 'node:crypto';
import { Random } from '../../../testing/corpus/random.js';
import type { RedactionKind } from '../kinds.js';

/**
 * Well-formed but fake secrets for tests, built at run time from a seed: no token-shaped literal
 * sits in the repository (where secret scanners would flag it), and every run sees the same ones.
 */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64URL = ALNUM + '-_';

export class FakeSecrets {
  private readonly rng: Random;

  constructor(seed = 11) {
    this.rng = new Random(seed);
  }

  chars(n: number, alphabet = ALNUM): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.rng.next() * alphabet.length)];
    return s;
  }

  /** Like `chars`, with at least one upper-case letter, lower-case letter and digit (as real keys have). */
  mixed(n: number, alphabet = ALNUM): string {
    return this.chars(n - 3, alphabet) + this.chars(1, UPPER) + this.chars(1, LOWER) + this.chars(1, DIGITS);
  }

  awsAccessKey(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
    return prefix + this.chars(16, UPPER + DIGITS);
  }

  awsSecretKey(): string {
    return this.chars(38, ALNUM + '/+') + '/' + this.chars(1, DIGITS);
  }

  githubToken(prefix: 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr' = 'ghp'): string {
    return `${prefix}_${this.chars(36)}`;
  }

  githubFineGrained(): string {
    return `github_pat_${this.chars(22)}_${this.chars(59)}`;
  }

  gitlabToken(prefix = 'glpat'): string {
    return `${prefix}-${this.chars(20, ALNUM + '_-')}`;
  }

  openaiKey(variant: 'legacy' | 'proj' | 'svcacct' = 'legacy'): string {
    if (variant === 'legacy') return `sk-${this.mixed(20)}T3BlbkFJ${this.mixed(20)}`;
    return `sk-${variant}-${this.mixed(74, B64URL)}T3BlbkFJ${this.mixed(74, B64URL)}`;
  }

  anthropicKey(variant = 'api03'): string {
    return `sk-ant-${variant}-${this.mixed(93, B64URL)}AA`;
  }

  slackToken(prefix: 'xoxb' | 'xoxp' | 'xoxa' | 'xoxr' | 'xoxs' = 'xoxb'): string {
    return `${prefix}-${this.chars(12, DIGITS)}-${this.chars(13, DIGITS)}-${this.chars(24)}`;
  }

  stripeKey(prefix: 'sk_live' | 'rk_live' | 'sk_test' = 'sk_live'): string {
    return `${prefix}_${this.mixed(24)}`;
  }

  googleApiKey(): string {
    return `AIza${this.chars(35, B64URL)}`;
  }

  npmToken(): string {
    return `npm_${this.chars(36)}`;
  }

  huggingFaceToken(): string {
    return `hf_${this.mixed(34, UPPER + LOWER).replace(/[0-9]/g, 'q')}`;
  }

  /** user:password, base64, as HTTP Basic sends it. */
  basicCredentials(): string {
    return Buffer.from(`deploy:${this.password()}`).toString('base64');
  }

  jwt(header: object = { alg: 'HS256', typ: 'JWT' }, payload: object = { sub: '1234567890', name: 'Dev', iat: 1_750_000_000 }, signatureLength = 43): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part(header)}.${part(payload)}.${this.chars(signatureLength, B64URL)}`;
  }

  password(n = 16): string {
    return this.mixed(n, ALNUM + '!#%^*~+');
  }

  /** A real PEM private key (PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", or encrypted PKCS#8). */
  static pem(format: 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted'): string {
    if (format === 'sec1') {
      return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    }
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    if (format === 'encrypted') return privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test' }) as string;
    return privateKey.export({ type: format, format: 'pem' }) as string;
  }

  /** An OpenSSH or PGP private key block: their labels, with a made-up body (Node writes neither format). */
  block(label: 'OPENSSH PRIVATE KEY' | 'PGP PRIVATE KEY BLOCK', lines = 6): string {
    const body = Array.from({ length: lines }, () => this.chars(70, ALNUM + '+/')).join('\n');
    return `-----BEGIN ${label}-----\n${body}\n=${this.chars(4)}\n-----END ${label}-----\n`;
  }

  /**
   * One line per redaction kind as it shows up in a transcript, with the secret it carries: for
   * tests that check what a remote receives (every kind replaced, intact locally) and the bench.
   */
  oneOfEachKind(): { kind: RedactionKind; line: string; secret: string }[] {
    const line = (kind: RedactionKind, secret: string, template: (s: string) => string) => ({ kind, secret, line: template(secret) });
    return [
      line('aws-access-key', this.awsAccessKey(), (s) => `export AWS_ACCESS_KEY_ID=${s}`),
      line('aws-secret-key', this.awsSecretKey(), (s) => `aws_secret_access_key = ${s}`),
      line('github-token', this.githubToken(), (s) => `GITHUB_TOKEN=${s}`),
      line('gitlab-token', this.gitlabToken(), (s) => `PRIVATE-TOKEN: ${s}`),
      line('openai-key', this.openaiKey('proj'), (s) => `OPENAI_API_KEY=${s}`),
      line('anthropic-key', this.anthropicKey(), (s) => `x-api-key: ${s}`),
      line('slack-token', this.slackToken(), (s) => `SLACK_BOT_TOKEN=${s}`),
      line('stripe-key', this.stripeKey(), (s) => `STRIPE_SECRET_KEY=${s}`),
      line('google-api-key', this.googleApiKey(), (s) => `GOOGLE_API_KEY=${s}`),
      line('npm-token', this.npmToken(), (s) => `//registry.npmjs.org/:_authToken=${s}`),
      line('huggingface-token', this.huggingFaceToken(), (s) => `HF_TOKEN=${s}`),
      line('jwt', this.jwt(), (s) => `Authorization: Bearer ${s}`),
      line('authorization-header', this.basicCredentials(), (s) => `curl -H "Authorization: Basic ${s}" https://ci.example.com/api`),
      line('private-key', this.block('OPENSSH PRIVATE KEY'), (s) => s),
      line('password-assignment', this.password(), (s) => `DB_PASSWORD=${s}`),
      line('url-credentials', this.password(), (s) => `DATABASE_URL=postgres://app:${s}@db:5432/app`),
    ];
  }
}
