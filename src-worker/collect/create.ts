import type { AgentId } from '../../src-shared/domain.js';
import type { Engine } from '../engine.js';
import { currentPlatform } from '../sources/platform.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import { Collector } from './collector.js';

export interface CollectOptions {
  rootOverrides?: ReadonlyMap<AgentId, string[]>;
  noHistory?: boolean;
  forcePolling?: boolean;
}

/** The collector with every registered adapter, parsing on a thread, registered with the engine. */
export function createCollector(engine: Engine, options: CollectOptions = {}): Collector {
  const collector = new Collector(engine, {
    adapters: SOURCE_ADAPTERS,
    platform: currentPlatform(),
    rootOverrides: options.rootOverrides ?? new Map(),
    noHistory: options.noHistory ?? false,
    forcePolling: options.forcePolling ?? process.env.DEVLOG_FORCE_POLLING === '1',
    readOn: 'thread',
  });
  return engine.register(collector);
}
