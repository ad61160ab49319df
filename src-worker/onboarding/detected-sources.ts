import type { DetectedSource } from '../../src-shared/contract/index.js';
import { AGENT_IDS, isAgentId, type AgentId } from '../../src-shared/domain.js';
import { DevlogError, ErrorCodes } from '../../src-shared/errors.js';
import type { Engine } from '../engine.js';

/** Every agent: found here (a folder exists), collected (config), and its sessions in the store. */
export function detectedSources(engine: Engine): DetectedSource[] {
  const counts = new Map(
    (engine.db.prepare('SELECT agent, count(*) AS n FROM sessions GROUP BY agent').all() as { agent: string; n: number }[]).map((r) => [r.agent, r.n]),
  );
  const statuses = new Map(engine.status().sources.map((s) => [s.agent, s]));
  return AGENT_IDS.map((agent) => {
    const s = statuses.get(agent);
    return {
      agent,
      detected: s?.roots.some((r) => r.exists) ?? false,
      // What config.json says (what the user chose), which the collector follows.
      enabled: engine.config.sources[agent]?.enabled ?? true,
      sessions: counts.get(agent) ?? 0,
      roots: s?.roots.map((r) => r.path) ?? [],
    };
  });
}

/** Validates `sources.setEnabled` params: a bad field is named, nothing is written. */
export function parseSetEnabled(params: unknown): { agent: AgentId; enabled: boolean } {
  const p = (params ?? {}) as { agent?: unknown; enabled?: unknown };
  if (typeof p.agent !== 'string' || !isAgentId(p.agent)) {
    throw new DevlogError(ErrorCodes.BadRequest, `sources.setEnabled: field agent: expected one of ${AGENT_IDS.join(', ')}`, 'agent');
  }
  if (typeof p.enabled !== 'boolean') throw new DevlogError(ErrorCodes.BadRequest, 'sources.setEnabled: field enabled: expected true or false', 'enabled');
  return { agent: p.agent, enabled: p.enabled };
}

/** Turns one agent on or off in config.json (its roots and everything else kept). */
export function setSourceEnabled(engine: Engine, agent: AgentId, enabled: boolean): void {
  engine.updateConfig((config) => ({ ...config, sources: { ...config.sources, [agent]: { ...config.sources[agent], enabled } } }));
}
