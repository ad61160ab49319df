import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { NAME_PATTERN } from '../../src-shared/sync-wire.js';

export function checkName(what: string, name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new DevlogError(ErrorCodes.BadRequest, `invalid ${what} name "${name}": use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  return name;
}

/** PostgreSQL's unique_violation, turned into the admin's "already exists". */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}
