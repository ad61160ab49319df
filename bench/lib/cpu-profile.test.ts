import { describe, expect, it } from 'vitest';
import { hotFunctions, type CpuProfile } from './cpu-profile.js';

describe('hotFunctions', () => {
  it('sums self time per function from the samples, heaviest first', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'writeMessage', url: 'file:///repo/dist/cli/devlog.mjs', lineNumber: 41 } },
        { id: 3, callFrame: { functionName: '', url: 'node:zlib', lineNumber: 9 } },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [2, 3, 2, 2, 1],
      timeDeltas: [1000, 2000, 3000, 1000, 3000],
    };
    const hot = hotFunctions(profile, 2);
    expect(hot.totalMs).toBe(10);
    expect(hot.functions).toEqual([
      { name: 'writeMessage', where: 'cli/devlog.mjs:42', selfMs: 5, share: 50 },
      { name: '(root)', where: '', selfMs: 3, share: 30 },
    ]);
  });
});
