import type { SourceStatus } from '../../src-shared/contract/index.js';
import type { DevlogConfig } from './schema.js';
import { SOURCE_ADAPTERS } from '../sources/registry.js';
import type { PlatformInfo } from '../sources/types.js';
import path from 'node:path';

/**
 * Marks roots the user chose (`--root`, config.json) that do not exist as problems. A missing
 * default root only means that agent is not installed; a missing chosen one is a typo or an
 * unmounted disk, and silently collecting nothing from it would look like "no sessions".
 */
export function withRootProblems(sources: SourceStatus[], config: DevlogConfig, platform: PlatformInfo): SourceStatus[] {
  return sources.map((source) => {
    const adapter = SOURCE_ADAPTERS.find((a) => a.agent === source.agent);
    const defaults = new Set((adapter?.defaultRoots(platform) ?? []).map((r) => path.resolve(r)));
    const roots = source.roots.map((root) => {
      if (root.exists || root.problem || defaults.has(path.resolve(root.path))) return root;
      const inConfig = config.sources[source.agent]?.roots ? ` (config.json: sources.${source.agent}.roots)` : '';
      return { ...root, problem: `${root.path}: folder not found, nothing is collected from it${inConfig}` };
    });
    return { ...source, roots };
  });
}
