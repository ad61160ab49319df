import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { AgentId } from '../../src-shared/domain.js';
import { Collector, type CollectorOptions } from '../collect/collector.js';
import { Engine } from '../engine.js';
import type { SourceAdapter } from '../sources/types.js';
import { useTempHome } from './temp-home.js';

export type TestCollectorOptions = Partial<Omit<CollectorOptions, 'adapters' | 'rootOverrides' | 'readOn'>> & {
  /** The store's folder (DEVLOG_HOME); by default `devlog` in a fresh temp folder. */
  devlogHome?: string;
};

export interface TestCollector {
  engine: Engine;
  collector: Collector;
  /** Another collector on the same store with the same settings: what the next run of the app finds. */
  again(): Collector;
}

/**
 * Real engines over real SQLite files, each with a collector that parses inline (test adapters
 * exist only in this process). Every engine, and the collectors registered on it, is disposed
 * after each test. Unless `platform` says otherwise, agents' default roots are the real user's,
 * so pass `roots` for every agent a test writes files for.
 */
export function useTestCollectors(): {
  tempHome: () => string;
  open: (adapters: readonly SourceAdapter[], roots?: Partial<Record<AgentId, string[]>>, options?: TestCollectorOptions) => TestCollector;
} {
  const tempHome = useTempHome();
  const engines: Engine[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.dispose();
  });

  function open(adapters: readonly SourceAdapter[], roots: Partial<Record<AgentId, string[]>> = {}, options: TestCollectorOptions = {}): TestCollector {
    const { devlogHome, ...collectorOptions } = options;
    const engine = Engine.open({ home: devlogHome ?? path.join(tempHome(), 'devlog') });
    engines.push(engine);
    const again = () =>
      engine.register(
        new Collector(engine, {
          adapters,
          readOn: 'inline',
          platform: { platform: process.platform, home: os.homedir(), env: {} },
          rootOverrides: new Map(Object.entries(roots) as [AgentId, string[]][]),
          ...collectorOptions,
        }),
      );
    return { engine, collector: again(), again };
  }

  return { tempHome, open };
}
