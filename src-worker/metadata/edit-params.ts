import { z } from 'zod';
import type { SessionMetaEdit } from '../../src-shared/contract/index.js';
import { NAME_PATTERN } from '../../src-shared/sync-wire.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import { parse } from '../query/params.js';

/** What the sync wire accepts (src-shared/sync-wire.ts), so an edit can always be exported. */
export const MAX_TAGS = 200;
const MAX_TAG_CHARS = 200;
const MAX_TITLE_CHARS = 1000;

const tag = z
  .string()
  .transform((t) => t.trim())
  .pipe(z.string().min(1, 'a tag cannot be empty').max(MAX_TAG_CHARS, `a tag has at most ${MAX_TAG_CHARS} characters`).regex(/^[^\r\n]*$/, 'a tag is one line'));

const EditSchema = z.strictObject({
  id: z.string(),
  title: z.string().max(MAX_TITLE_CHARS, `a title has at most ${MAX_TITLE_CHARS} characters`).nullable().optional(),
  addTags: z.array(tag).optional(),
  removeTags: z.array(tag).optional(),
  starred: z.boolean().optional(),
  hidden: z.boolean().optional(),
  deleted: z.boolean().optional(),
});

export function parseMetaEdit(params: unknown): SessionMetaEdit {
  const edit = parse(EditSchema, 'sessions.editMeta', params);
  if (Object.keys(edit).length === 1) throw new DevlogError(ErrorCodes.BadRequest, 'sessions.editMeta: nothing to change', '(params)');
  return edit;
}

export function parseMachineName(params: unknown): string {
  return parse(z.strictObject({ name: z.string().trim().regex(NAME_PATTERN, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit') }), 'machine.rename', params).name;
}
