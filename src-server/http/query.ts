import { z } from 'zod';
import { badRequest, fromZodError } from './errors.js';

/** Validates the query string against a strict schema: unknown and repeated parameters are errors. */
export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in raw) throw badRequest(`query parameter ${key}: given more than once`, key);
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
    if (key.includes('\0') || value.includes('\0')) throw badRequest(`query parameter ${key}: contains a NUL character`, key);
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, 'query');
  return parsed.data;
}

/** Query-string building blocks: everything arrives as text. */
export const q = {
  int: (min: number, max: number) => z.string().regex(/^[0-9]{1,9}$/, 'must be an integer').transform(Number).pipe(z.number().int().min(min).max(max)),
  bool: () => z.enum(['true', 'false']).transform((v) => v === 'true'),
  text: (max: number) => z.string().min(1).max(max),
};
