import { AWS_SECRET_NAME, AWS_SECRET_VALUE, isCodeReference, isSecretValue, PASSWORD_NAME } from './values.js';

/**
 * The secrets redaction finds, each a documented pattern. Rules every pattern follows, so the
 * combined regex stays linear in the text length (the bounds are checked in linear-time.test.ts):
 * - every quantifier has an upper bound (no `*`, `+` or `{n,}`), so a candidate never runs on;
 * - a pattern starts with its fixed part (`sk-`, `eyJ`, `://`, a name): the regex engine skips
 *   every other position cheaply, and a look-behind lets a token start only where a token
 *   starts, so a long run of token characters is tried once, not at every position in it;
 * - repeated groups start with a delimiter (`\.` in JWTs), so there is no ambiguity to
 *   backtrack through.
 * Named groups are unique across all rules: they are alternatives of one regex.
 */
export const REDACTION_KINDS = [
  'aws-access-key',
  'aws-secret-key',
  'github-token',
  'gitlab-token',
  'openai-key',
  'anthropic-key',
  'slack-token',
  'stripe-key',
  'google-api-key',
  'npm-token',
  'huggingface-token',
  'jwt',
  'authorization-header',
  'private-key',
  'password-assignment',
  'url-credentials',
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export function redactionMark(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}

export interface RedactionRule {
  kind: RedactionKind;
  pattern: string;
  /** What replaces the match, or null when the candidate is a near miss the pattern alone cannot rule out. */
  replace(match: RegExpExecArray): string | null;
}

const whole = (kind: RedactionKind) => () => redactionMark(kind);

/**
 * A key made to be random rather than a name: its long parts (10+ characters between "-" and
 * "_"; words in kebab-case names are shorter) add up to 20+ characters that mix upper case,
 * lower case and digits, or are 32+ characters of lowercase hex.
 */
function looksRandom(token: string): boolean {
  const body = token
    .split(/[-_]/)
    .filter((part) => part.length >= 10)
    .join('');
  if (body.length < 20) return false;
  if (/[a-z]/.test(body) && /[A-Z]/.test(body) && /[0-9]/.test(body)) return true;
  return body.length >= 32 && /^[0-9a-f]+$/.test(body) && /[a-f]/.test(body) && /[0-9]/.test(body);
}

/** A JWT header is base64url of a JSON object naming its algorithm ("alg"). */
function isJwtHeader(part: string): boolean {
  const json = Buffer.from(part, 'base64url').toString('utf8');
  // Most near misses are not even braced: skip the (slow) exception of JSON.parse for them.
  if (!json.startsWith('{') || !json.trimEnd().endsWith('}')) return false;
  try {
    const header: unknown = JSON.parse(json);
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

const B64URL = '[A-Za-z0-9_-]';
/** Not inside a longer token of these characters (left and right). */
const startOf = (chars: string) => `(?<!${chars})`;
const endOf = (chars: string) => `(?!${chars})`;

/** Double-quoted (escapes allowed), single-quoted, or bare value of a password assignment. */
const DQ = String.raw`"(?<pwdq>(?:[^"\\\r\n]|\\.){1,256})"`;
const SQ = String.raw`'(?<pwsq>[^'\r\n]{1,256})'`;
// Bare `=` values end at whitespace, `;` (connection strings), `&` (URL queries) or a quote; a
// value followed by `,` or `)` is an argument in code (`login(password=pw)`), not a value.
const BARE_EQ = String.raw`(?<pweq>[^\s"'\x60,;&(){}\[\]<>]{2,256})(?=[\s;&"'\x60]|$)`;
// Bare `:` values (YAML) must be alone to the end of the line (or a ` # comment`): "Password:
// click the link" is prose.
const BARE_COLON = String.raw`(?<pwcol>[^\s"'\x60,;&(){}\[\]<>#]{2,256})(?:[ \t]{1,16}#[^\r\n]{0,256}|[ \t]{0,16})(?=\r?\n|$)`;

export const RULES: readonly RedactionRule[] = [
  {
    // PEM/OpenSSH/PGP private keys (RFC 7468 labels such as "RSA PRIVATE KEY", "OPENSSH PRIVATE
    // KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"): the whole block, armor headers
    // (Proc-Type, Comment, ...) included. The body never crosses a "-----", so a key without an
    // END line cannot swallow the next one; such a key (cut short, e.g. by `head`) is still
    // redacted as far as its body looks like a key. Literal "\n" (a key inside a JSON string
    // shown as text) is part of the body.
    kind: 'private-key',
    pattern:
      String.raw`-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----` +
      String.raw`(?:(?:[^-]|-(?!----)){0,65536}-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|(?:[A-Za-z0-9+/=\s\\:,]|-(?!----)){0,65536})`,
    replace: whole('private-key'),
  },
  {
    // JSON Web Tokens (RFC 7519): base64url header "eyJ…" (`{"`), payload and signature (empty
    // for alg "none"), optionally two more parts (JWE). Only when the header decodes to JSON with "alg".
    kind: 'jwt',
    pattern: `${startOf(B64URL)}eyJ${B64URL}{4,4096}\\.${B64URL}{2,32768}\\.${B64URL}{0,4096}(?:\\.${B64URL}{1,32768}){0,2}${endOf(B64URL)}`,
    replace: (m) => (isJwtHeader(m[0].slice(0, m[0].indexOf('.'))) ? redactionMark('jwt') : null),
  },
  {
    // Anthropic API keys: "sk-ant-api03-" + ~95 base64url characters (also admin01, oat01 keys).
    kind: 'anthropic-key',
    pattern: `${startOf(B64URL)}sk-ant-${B64URL}{20,300}${endOf(B64URL)}`,
    replace: (m) => (looksRandom(m[0]) ? redactionMark('anthropic-key') : null),
  },
  {
    // OpenAI API keys: legacy "sk-" + 48 alphanumerics (with "T3BlbkFJ" inside), project
    // "sk-proj-…", service account "sk-svcacct-…", admin "sk-admin-…", and the "sk-" + 32 hex
    // keys of OpenAI-compatible providers. Prose and identifiers ("sk-learn", "task-runner")
    // are not random enough (see looksRandom) or are inside a word.
    kind: 'openai-key',
    pattern: `${startOf(B64URL)}sk-(?!ant-)${B64URL}{20,300}${endOf(B64URL)}`,
    replace: (m) => (looksRandom(m[0]) ? redactionMark('openai-key') : null),
  },
  {
    // GitHub tokens: classic "ghp_" (personal), "gho_" (OAuth), "ghu_" (user-to-server),
    // "ghs_" (server-to-server), "ghr_" (refresh) + 36 base62 characters; fine-grained
    // "github_pat_" + 22 + "_" + 59 characters.
    kind: 'github-token',
    pattern: `${startOf('[A-Za-z0-9_]')}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244})${endOf('[A-Za-z0-9_]')}`,
    replace: whole('github-token'),
  },
  {
    // GitLab tokens: personal "glpat-" + 20 characters, and the other documented prefixes
    // (deploy "gldt-", runner "glrt-", trigger "glptt-", CI job "glcbt-", ...); newer routable
    // tokens add ".01.xxxx" parts.
    kind: 'gitlab-token',
    pattern: `${startOf(B64URL)}gl(?:pat|dt|rt|ptt|cbt|imt|oas|soat|ffct|agent|ft)-${B64URL}{20,250}(?:\\.${B64URL}{1,64}){0,3}${endOf(B64URL)}`,
    replace: whole('gitlab-token'),
  },
  {
    // Slack tokens: "xoxb-" (bot), "xoxp-" (user), "xoxa-", "xoxr-", "xoxs-", "xoxe-" and
    // "xoxe.xoxp-" (rotating), app-level "xapp-1-…"; always with digits (team and user ids).
    kind: 'slack-token',
    pattern: `${startOf(B64URL)}(?:xox[abprse]|xoxe\\.xox[abprs]|xapp)-[A-Za-z0-9-]{10,250}${endOf(B64URL)}`,
    replace: (m) => (/[0-9]/.test(m[0]) ? redactionMark('slack-token') : null),
  },
  {
    // Stripe secret and restricted keys: "sk_live_", "rk_live_" (and their "_test_" twins, which
    // still open the account's test data) + 24-247 alphanumerics. Publishable "pk_" keys are public.
    kind: 'stripe-key',
    pattern: `${startOf('[A-Za-z0-9_]')}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}${endOf('[A-Za-z0-9_]')}`,
    replace: whole('stripe-key'),
  },
  {
    // Google API keys (Maps, Gemini, Firebase, ...): "AIza" + 35 base64url characters.
    kind: 'google-api-key',
    pattern: `${startOf(B64URL)}AIza${B64URL}{35}${endOf(B64URL)}`,
    replace: whole('google-api-key'),
  },
  {
    // npm access tokens: "npm_" + 36 alphanumerics (what `npm token create` prints and .npmrc keeps).
    kind: 'npm-token',
    pattern: `${startOf('[A-Za-z0-9_]')}npm_[A-Za-z0-9]{36}${endOf('[A-Za-z0-9_]')}`,
    replace: whole('npm-token'),
  },
  {
    // Hugging Face access tokens: "hf_" + 34 letters of both cases (names like hf_hub_download are lower case).
    kind: 'huggingface-token',
    pattern: `${startOf('[A-Za-z0-9_]')}hf_[A-Za-z0-9]{30,40}${endOf('[A-Za-z0-9_]')}`,
    replace: (m) => (/[a-z]/.test(m[0].slice(3)) && /[A-Z]/.test(m[0]) ? redactionMark('huggingface-token') : null),
  },
  {
    // AWS access key ids: "AKIA" (long-term) or "ASIA" (temporary, STS) + 16 upper-case
    // alphanumerics. Not inside base64 (no letter, digit, "/" or "+" around it). AWS's own
    // documentation example AKIAIOSFODNN7EXAMPLE is redacted too: examples are not told apart.
    kind: 'aws-access-key',
    pattern: `${startOf('[A-Za-z0-9/+]')}(?:AKIA|ASIA)[A-Z0-9]{16}${endOf('[A-Za-z0-9/+]')}`,
    replace: whole('aws-access-key'),
  },
  {
    // AWS secret access keys: 40 base64 characters have no prefix of their own, so only right
    // after a name that says what they are (`aws_secret_access_key = …`, `"SecretAccessKey": "…"`).
    // Only the value is replaced.
    kind: 'aws-secret-key',
    pattern: `(?<awsname>(?:${AWS_SECRET_NAME})["']?[ \\t]{0,3}(?:=>|:=|=|:)[ \\t]{0,3}["']?)${AWS_SECRET_VALUE}${endOf('[A-Za-z0-9/+=]')}`,
    replace: (m) => `${m.groups!.awsname}${redactionMark('aws-secret-key')}`,
  },
  {
    // HTTP credentials in an Authorization header (curl -H, HTTP files, logs): the value after
    // "Basic" or "Bearer" is replaced, the header name kept. Values with a shape of their own
    // (JWTs, GitHub, OpenAI, Slack, GitLab tokens) are left to their own rule, which names them.
    kind: 'authorization-header',
    pattern: String.raw`(?<authname>(?<![A-Za-z0-9_-])[Aa]uthorization["']?[ \t]{0,3}[:=][ \t]{0,3}["']?(?:Basic|Bearer)[ \t]{1,3})(?!eyJ|gh[pousr]_|github_pat_|sk-|xox|glpat-)(?<authval>[A-Za-z0-9._~+/=-]{12,1500})(?![A-Za-z0-9._~+/=-])`,
    replace: (m) => {
      const value = m.groups!.authval!;
      // Basic is base64 of "user:password"; a Bearer token mixes letters and digits (prose does not).
      const credential = m.groups!.authscheme === 'Basic' ? Buffer.from(value, 'base64').toString('latin1').includes(':') : /[0-9]/.test(value) && /[A-Za-z]/.test(value);
      return credential && isSecretValue(value) ? `${m.groups!.authname}${redactionMark('authorization-header')}` : null;
    },
  },
  {
    // Credentials inside URLs (RFC 3986 userinfo): `scheme://user:password@host` keeps the
    // scheme, user and host and replaces the password (which may itself contain ":" or "@").
    // "host:port/path" has no "@" after the port, so it is not a candidate.
    kind: 'url-credentials',
    pattern: String.raw`(?<urluser>:\/\/(?<=[A-Za-z][A-Za-z0-9+.\-]{0,30}:\/\/)[^\s:/?#@'"<>\[\]\\]{0,128}:)(?<urlpass>[^\s/?#'"<>\[\]\\]{1,256})@(?=[A-Za-z0-9\[])`,
    replace: (m) => (isSecretValue(m.groups!.urlpass!) ? `${m.groups!.urluser}${redactionMark('url-credentials')}@` : null),
  },
  {
    // Passwords assigned to a password-like name (see PASSWORD_NAME): env files and shells
    // (`DB_PASSWORD=…`, `export PGPASSWORD='…'`), YAML (`db_pass: …`), JSON and code
    // (`"password": "…"`, `password = "…"`), command lines (`--password=…`), connection
    // strings (`Password=…;`), URL queries (`?password=…&`). Only the value is replaced;
    // comparisons (`==`, `!=`), calls (`password = getpass()`), code references and
    // placeholders such as `${DB_PASSWORD}` are left alone (see values.ts).
    kind: 'password-assignment',
    pattern:
      `(?<pwname>${PASSWORD_NAME}["']?)` +
      `(?:(?<pweqsep>[ \\t]{0,3}(?:=>|:=|=(?!=))[ \\t]{0,3})(?:${DQ.replace('pwdq', 'pweqdq')}|${SQ.replace('pwsq', 'pweqsq')}|${BARE_EQ})` +
      `|(?<pwcolsep>[ \\t]{0,3}:(?![:=])[ \\t]{0,3})(?:${DQ}|${SQ}|${BARE_COLON}))`,
    replace: replacePassword,
  },
];

function replacePassword(m: RegExpExecArray): string | null {
  const g = m.groups!;
  const sep = g.pweqsep ?? g.pwcolsep!;
  const mark = redactionMark('password-assignment');
  const quoted = g.pweqdq ?? g.pwdq;
  if (quoted !== undefined) return isSecretValue(quoted) ? `${g.pwname}${sep}"${mark}"` : null;
  const single = g.pweqsq ?? g.pwsq;
  if (single !== undefined) return isSecretValue(single) ? `${g.pwname}${sep}'${mark}'` : null;
  const bare = g.pweq ?? g.pwcol!;
  // Spaces around `=` mean code (`password = password`); YAML always has a space after `:`.
  const spacedAssignment = g.pweqsep !== undefined && /[ \t]/.test(sep);
  if (!isSecretValue(bare) || isCodeReference(bare, spacedAssignment)) return null;
  // A YAML value may be followed by spaces or a comment up to the end of the line: keep them.
  return `${g.pwname}${sep}${mark}${m[0].slice(g.pwname!.length + sep.length + bare.length)}`;
}
