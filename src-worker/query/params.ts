import { z } from 'zod';
import type { MarkdownParams, SessionFilesParams, SessionQuery, ShowParams, StatsQuery } from '../../src-shared/contract/index.js';
import { AGENT_IDS } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';

/**
 * Shapes of the RPC params, checked before any query runs: a caller over the wire gets a
 * BAD_REQUEST naming the field instead of a SQLite error. Values (dates, limits) are checked
 * by the query code itself, which the CLI calls directly.
 */
const Filter = {
  agents: z.array(z.enum(AGENT_IDS)).optional(),
  workspace: z.string().optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  model: z.string().optional(),
  includeHidden: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  file: z.string().optional(),
  starred: z.boolean().optional(),
};

const SessionQuerySchema = z.strictObject({
  ...Filter,
  search: z.string().optional(),
  searchSyntax: z.enum(['words', 'fts']).optional(),
  sort: z.enum(['newest', 'relevance']).optional(),
  limit: z.number().optional(),
  snippetsPerSession: z.number().optional(),
});

const ShowSchema = z.strictObject({ id: z.string(), maxResultChars: z.number().optional() });
const MarkdownSchema = ShowSchema.extend({ includeMeta: z.boolean().optional() });
const FilesSchema = z.strictObject({ sessionId: z.string() });
const StatsSchema = z.strictObject({ ...Filter, by: z.enum(['day', 'agent', 'model', 'workspace']).optional(), timeZone: z.string().optional(), splitByModel: z.boolean().optional() });

/** An RPC method's params checked against its schema: BAD_REQUEST `method: field F: why` otherwise. */
export function parse<T>(schema: z.ZodType<T>, method: string, params: unknown): T {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || '(params)';
  throw new DevlogError(ErrorCodes.BadRequest, `${method}: field ${field}: ${issue.message}`, field);
}

export const parseSessionQuery = (p: unknown): SessionQuery => parse(SessionQuerySchema, 'sessions.query', p);
export const parseShowParams = (p: unknown): ShowParams => parse(ShowSchema, 'sessions.show', p);
export const parseMarkdownParams = (p: unknown): MarkdownParams => parse(MarkdownSchema, 'sessions.markdown', p);
export const parseStatsQuery = (p: unknown): StatsQuery => parse(StatsSchema, 'stats.get', p);
export const parseSessionFilesParams = (p: unknown): SessionFilesParams => parse(FilesSchema, 'sessions.files', p);
