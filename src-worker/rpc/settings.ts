import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Settings, SettingsMethods, SettingsUpdate, SourceSettings } from '../../src-shared/contract/index.js';
import { AGENT_IDS, type AgentId } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Handlers } from '../../src-shared/rpc/server.js';
import { planRoots } from '../collect/roots.js';
import type { DevlogConfig } from '../config/schema.js';
import type { Engine } from '../engine.js';
import { currentPlatform } from '../sources/platform.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';

const RootSchema = z
  .string()
  .min(1, 'a folder is needed')
  .refine((root) => root === '~' || root.startsWith('~/') || root.startsWith('~\\') || path.isAbsolute(root), 'a folder must be an absolute path or start with ~');

const SourceUpdateSchema = z.strictObject({ enabled: z.boolean().optional(), roots: z.array(RootSchema).nullable().optional() });

/** What the Settings page may change: anything else is refused by name, never silently dropped. */
const SettingsUpdateSchema = z.strictObject({
  sources: z.strictObject(Object.fromEntries(AGENT_IDS.map((id) => [id, SourceUpdateSchema.optional()])) as Record<AgentId, z.ZodOptional<typeof SourceUpdateSchema>>).optional(),
  historyDays: z.number().int().positive('must be a whole number of days above 0').max(36_500).nullable().optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
});

export function parseSettingsUpdate(params: unknown): SettingsUpdate {
  const parsed = SettingsUpdateSchema.safeParse(params ?? {});
  if (parsed.success) return parsed.data as SettingsUpdate;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '(settings)';
  throw new DevlogError(ErrorCodes.BadRequest, `settings: field ${where}: ${issue.message}`, where);
}

/** config.json with the update applied (only the fields given change). */
export function applySettingsUpdate(config: DevlogConfig, update: SettingsUpdate): DevlogConfig {
  const next: DevlogConfig = { ...config, sources: { ...config.sources } };
  for (const [agent, change] of Object.entries(update.sources ?? {}) as [AgentId, NonNullable<SettingsUpdate['sources']>[AgentId]][]) {
    if (!change) continue;
    const current = { enabled: true, ...next.sources[agent] };
    if (change.enabled !== undefined) current.enabled = change.enabled;
    if (change.roots === null) delete current.roots;
    else if (change.roots !== undefined) current.roots = change.roots;
    next.sources[agent] = current;
  }
  if (update.historyDays !== undefined) next.historyDays = update.historyDays;
  if (update.theme !== undefined) next.ui = { ...next.ui, theme: update.theme };
  return next;
}

/** The settings as the page shows them: config.json in force, plus what is found on this machine. */
export function readSettings(engine: Engine, rootOverrides: ReadonlyMap<AgentId, string[]>): Settings {
  const platform = currentPlatform();
  const config = engine.config;
  const plans = planRoots(SOURCE_ADAPTERS, config, rootOverrides, platform);
  const withExists = (root: string) => ({ path: root, exists: fs.existsSync(root) });
  const sources: SourceSettings[] = plans.map((plan) => ({
    agent: plan.agent,
    enabled: plan.enabled,
    roots: plan.roots.map(withExists),
    detected: [...new Set(plan.adapter.defaultRoots(platform).map((r) => path.resolve(r)))].map(withExists),
    rootsFrom: rootOverrides.has(plan.agent) ? 'command-line' : config.sources[plan.agent]?.roots ? 'config' : 'default',
  }));
  return {
    sources,
    historyDays: config.historyDays,
    dataFolder: engine.paths.home,
    configFile: engine.paths.config,
    theme: config.ui?.theme ?? 'system',
    configProblem: engine.configProblem,
  };
}

export function settingsHandlers(engine: Engine, rootOverrides: ReadonlyMap<AgentId, string[]>): Handlers<SettingsMethods> {
  return {
    'settings.get': () => readSettings(engine, rootOverrides),
    'settings.update': (params) => {
      const update = parseSettingsUpdate(params);
      engine.updateConfig((config) => applySettingsUpdate(config, update));
      return readSettings(engine, rootOverrides);
    },
  };
}
