import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { ConfigSchema, type DevlogConfig } from './schema.js';

/** Describes a JSON syntax error by line and column, which JSON.parse only gives as an offset. */
function describeJsonError(text: string, err: SyntaxError): string {
  const match = /position (\d+)/.exec(err.message);
  if (!match) return err.message;
  const pos = Number(match[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${err.message}`;
}

/**
 * Reads and validates config.json. A missing file means defaults. A broken file is an error
 * naming the file and the field, and the file is left untouched so nothing the user wrote is lost.
 */
export function loadConfig(file: string): DevlogConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ConfigSchema.parse({});
    throw err;
  }
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw new DevlogError(ErrorCodes.BadRequest, `${file}: not valid JSON (${describeJsonError(text, err as SyntaxError)})`);
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new DevlogError(ErrorCodes.BadRequest, `${file}: field ${where}: ${issue.message}`, where);
  }
  return parsed.data;
}

/** Writes config.json atomically (temp file + rename), so a crash never leaves half a file. */
export function saveConfig(file: string, config: DevlogConfig): void {
  const checked = ConfigSchema.parse(config);
  writeFileAtomic.sync(file, JSON.stringify(checked, null, 2) + '\n', { mode: 0o600 });
}

export type { DevlogConfig };
