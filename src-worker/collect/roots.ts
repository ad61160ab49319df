import path from 'node:path';
import type { AgentId } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { DevlogConfig } from '../config/schema.js';
import type { PlatformInfo, SourceAdapter } from '../sources/types.js';

export interface SourceRoot {
  agent: AgentId;
  adapter: SourceAdapter;
  root: string;
}

export interface RootPlan {
  agent: AgentId;
  adapter: SourceAdapter;
  enabled: boolean;
  roots: string[];
}

/**
 * Which folders to collect for each agent: `--root AGENT=PATH` wins, then config.json's
 * sources.<agent>.roots, then the adapter's defaults for this OS.
 */
export function planRoots(
  adapters: readonly SourceAdapter[],
  config: DevlogConfig,
  overrides: ReadonlyMap<AgentId, string[]>,
  platform: PlatformInfo,
): RootPlan[] {
  return adapters.map((adapter) => {
    const sourceConfig = config.sources[adapter.agent];
    const chosen = overrides.get(adapter.agent) ?? sourceConfig?.roots ?? adapter.defaultRoots(platform);
    return {
      agent: adapter.agent,
      adapter,
      enabled: overrides.has(adapter.agent) || (sourceConfig?.enabled ?? true),
      roots: [...new Set(chosen.map((r) => path.resolve(r)))],
    };
  });
}

/** Parses repeatable `--root AGENT=PATH` flags; a bad one is a usage error naming it. */
export function parseRootFlags(values: readonly string[], known: readonly AgentId[]): Map<AgentId, string[]> {
  const result = new Map<AgentId, string[]>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const agent = value.slice(0, eq) as AgentId;
    const dir = value.slice(eq + 1);
    if (eq <= 0 || !dir) throw new DevlogError(ErrorCodes.BadRequest, `--root ${value}: expected AGENT=PATH, e.g. --root claude-code=~/.claude`);
    if (!known.includes(agent)) throw new DevlogError(ErrorCodes.BadRequest, `--root ${value}: unknown agent "${agent}" (known: ${known.join(', ')})`);
    result.set(agent, [...(result.get(agent) ?? []), dir]);
  }
  return result;
}
