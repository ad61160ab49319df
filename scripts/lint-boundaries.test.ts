// The process boundaries are lint rules: this shows they fire, on the real config, for code that
// would cross them (and stay quiet for imports that are allowed).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint: process boundaries', () => {
  it('refuses an engine -> sync server import', async () => {
    const errors = await boundaryErrors('src-worker/collect/probe.ts', "import { registerServerCommands } from '../../src-server/cli.js';\nvoid registerServerCommands;\n");
    expect(errors.join('\n')).toMatch(/must not import the sync server/);
  });

  it('refuses a sync server -> engine import', async () => {
    const errors = await boundaryErrors('src-server/routes/probe.ts', "import { Engine } from '../../src-worker/engine.js';\nvoid Engine;\n");
    expect(errors.join('\n')).toMatch(/must not import the engine/);
  });

  it('refuses a test that imports bench/', async () => {
    const errors = await boundaryErrors('src-worker/collect/probe.test.ts', "import { run } from '../../bench/run.js';\nvoid run;\n");
    expect(errors.join('\n')).toMatch(/do not import bench/);
  });

  it('lets the CLI compose both', async () => {
    const code = "import { Engine } from '../src-worker/engine.js';\nimport { registerServerCommands } from '../src-server/cli.js';\nvoid Engine; void registerServerCommands;\n";
    expect(await boundaryErrors('src-cli/probe.ts', code)).toEqual([]);
  });
});
