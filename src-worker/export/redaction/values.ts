/**
 * What counts as a secret VALUE once a pattern found a candidate: shared by the text patterns
 * (`PASSWORD=…`, `scheme://user:pass@host`) and by JSON keys (`{"password": "…"}`), so text
 * and JSON decide alike.
 */

/**
 * Values that hold no secret themselves: references to one (`$DB_PASS`, `${DB_PASS}`, `$(cat f)`,
 * `%DB_PASS%`, `{{ db_pass }}`, `{password}` in a format string, `<password>`), masks (`****`,
 * `xxxx`, `...`), literals that mean "none" and text we redacted already. Everything else is
 * redacted, including documentation placeholders such as `changeme` or `your-password`: they
 * cannot be told apart from a real weak password, and redacting one costs nothing.
 */
const NOT_A_SECRET = /^(?:\$[{(A-Za-z_]|%[A-Za-z_]\w{0,100}%$|\{\{|\{[A-Za-z_][\w.]{0,100}\}$|<[^<>]{0,100}>$|\[REDACTED|[*xX.•]{3,}$|(?:null|none|nil|undefined|true|false)$)/i;

export function isSecretValue(value: string): boolean {
  return value.trim() !== '' && !NOT_A_SECRET.test(value.trim());
}

/** Type names that follow `password:` in declarations (`password: str` in Python, TypeScript, GraphQL). */
const TYPE_NAME = /^(?:str|string|String|bytes|SecretStr|SecretString|Secret|text|Text|any|unknown|char|varchar)[!?]?$/;

/**
 * Unquoted code rather than a value: a member access such as `process.env.DB_PASSWORD` or
 * `self.password`, a type (`password: str`), or (when the `=` has spaces around it, as code has
 * and `.env` files and shells do not) a plain identifier such as `password = password`.
 */
export function isCodeReference(value: string, spacedAssignment: boolean): boolean {
  if (TYPE_NAME.test(value)) return true;
  if (/^[A-Za-z_$][\w$]{0,100}(?:\.[A-Za-z_$][\w$]{0,100}){1,10}$/.test(value)) return true;
  return spacedAssignment && /^[A-Za-z_$][\w$]{0,200}$/.test(value);
}

/**
 * Names whose value is a password, the same rule as the text pattern in kinds.ts:
 * `password`, `passwd`, `passphrase` with anything before (`PGPASSWORD`, `dbPassword`,
 * `DB_PASSWORD`); the short `pass` and `pwd` only as the last part of a longer name (`DB_PASS`,
 * `MYSQL_PWD`, `--pass`, `dbPass`), never alone: `PWD`/`OLDPWD` are the working directory and
 * `BYPASS`/`COMPASS` are not passwords. Up to two digits may follow (`PASSWORD2`).
 */
// Each alternative starts with its literal and checks what came before afterwards (a look-behind
// first would run at every position of every text: several times slower).
export const PASSWORD_NAME =
  String.raw`(?:[Pp]ass(?:word|wd|phrase)|PASS(?:WORD|WD|PHRASE)` +
  String.raw`|(?:pass|PASS|Pass)(?<=[_.-]....)|(?:pwd|PWD|Pwd)(?<=[_.-]...)|Pass(?<=[a-z0-9]....)|Pwd(?<=[a-z0-9]...))[0-9]{0,2}`;
const PASSWORD_KEY = new RegExp(`${PASSWORD_NAME}$`);

export function isPasswordName(key: string): boolean {
  return key.length <= 200 && PASSWORD_KEY.test(key);
}

/**
 * Names of an AWS secret access key: `aws_secret_access_key` (credentials file, env),
 * `SecretAccessKey` (AWS CLI/STS JSON), `secretAccessKey` (SDK config), `aws_secret_key`,
 * with `_` or `-` between the words or none, in any case.
 */
export const AWS_SECRET_NAME = String.raw`(?:[Aa][Ww][Ss][_-]?)?[Ss][Ee][Cc][Rr][Ee][Tt][_-]?[Aa][Cc][Cc][Ee][Ss][Ss][_-]?[Kk][Ee][Yy]|[Aa][Ww][Ss][_-]?[Ss][Ee][Cc][Rr][Ee][Tt][_-]?[Kk][Ee][Yy]`;
const AWS_SECRET_KEY_NAME = new RegExp(`(?:${AWS_SECRET_NAME})$`);
/** An AWS secret access key: 40 characters of base64 (documented format, e.g. wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY). */
export const AWS_SECRET_VALUE = '[A-Za-z0-9/+]{40}';
const AWS_SECRET_ONLY = new RegExp(`^${AWS_SECRET_VALUE}$`);

export function isAwsSecretName(key: string): boolean {
  return key.length <= 200 && AWS_SECRET_KEY_NAME.test(key);
}

export function isAwsSecretValue(value: string): boolean {
  return AWS_SECRET_ONLY.test(value);
}
