import { z } from 'zod';
import { AGENT_IDS } from '../../src-shared/domain.js';
import { expandHome } from './expand-home.js';
import { RemotesSchema } from './remote-schema.js';

/** Default loopback port of the headless UI (`devlog start`); documented in the README. */
export const DEFAULT_HEADLESS_PORT = 7355;

const SourceConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** Replaces the agent's default roots when given; `~` is the home folder. */
  roots: z.array(z.string().min(1).transform((root) => expandHome(root))).optional(),
});

const agentSources = Object.fromEntries(AGENT_IDS.map((id) => [id, SourceConfigSchema.optional()])) as Record<
  (typeof AGENT_IDS)[number],
  z.ZodOptional<typeof SourceConfigSchema>
>;

/** Dollars per million tokens for one model (or model family, e.g. claude-sonnet-4-5); cache rates default to input. */
const ModelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  source: z.string().optional(),
  date: z.string().optional(),
});

/**
 * DEVLOG_HOME/config.json. Unknown top-level keys are kept (a newer devlog may have written
 * them); known keys are validated and a bad one is reported by its path.
 */
export const ConfigSchema = z.looseObject({
  version: z.literal(1).default(1),
  machineName: z.string().min(1).optional(),
  /** Only collect history younger than this many days; null collects everything. */
  historyDays: z.number().int().positive().nullable().default(null),
  sources: z.object(agentSources).default({}),
  headless: z
    .object({
      port: z.number().int().min(1).max(65535).default(DEFAULT_HEADLESS_PORT),
    })
    .default({ port: DEFAULT_HEADLESS_PORT }),
  /** Where sessions are exported; none by default: nothing leaves the machine. */
  remotes: RemotesSchema,
  /** The app's look (the Settings page); absent means follow the OS. */
  ui: z.object({ theme: z.enum(['system', 'light', 'dark']).default('system') }).optional(),
  /** Prices that replace or add to the built-in table (src-worker/query/prices.json), by model id. */
  prices: z.record(z.string().min(1), ModelPriceSchema).optional(),
});

export type DevlogConfig = z.infer<typeof ConfigSchema>;
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
