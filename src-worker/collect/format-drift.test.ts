/**
 * Format drift: records of kinds an adapter does not know are counted per agent and agent
 * version, listed by `status` (sources[].formatDrift) and by `doctor` (a notice, not a fault),
 * and a whole file saved again replaces its counts instead of adding to them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { claudeCodeAdapter } from '../sources/claude-code/index.js';
import { clineAdapter } from '../sources/cline/index.js';
import { uiMessages, writeTask } from '../sources/cline/test-files.js';
import { diagnose } from '../store/doctor/doctor.js';
import { useTempHome } from '../testing/temp-home.js';
import { Collector } from './collector.js';

const claudeLine = (type: string, version: string, n: number) =>
  JSON.stringify({ type, uuid: `u${n}`, sessionId: 's1', version, timestamp: '2026-05-01T10:00:00.000Z', cwd: '/w', message: { role: 'user', content: 'hi' } }) + '\n';

describe('format drift (real files, real SQLite)', () => {
  const tempHome = useTempHome();
  const open: { engine: Engine; collector: Collector }[] = [];
  afterEach(() => {
    for (const { engine, collector } of open.splice(0)) {
      collector.dispose();
      engine.dispose();
    }
  });

  it('counts unknown kinds per agent version in status and doctor', async () => {
    const home = tempHome();
    const claudeRoot = path.join(home, '.claude');
    const clineRoot = path.join(home, 'cline');
    fs.mkdirSync(path.join(claudeRoot, 'projects', '-w'), { recursive: true });
    fs.writeFileSync(
      path.join(claudeRoot, 'projects', '-w', 's1.jsonl'),
      claudeLine('user', '2.1.0', 1) + claudeLine('hologram', '2.1.0', 2) + claudeLine('hologram', '2.2.0', 3) + claudeLine('hologram', '2.2.0', 4),
    );
    const taskDir = writeTask(clineRoot);
    const rows = [...uiMessages(), { ts: 1, type: 'say', say: 'teleport', text: 'x', sparkle: true }];
    fs.writeFileSync(path.join(taskDir, 'ui_messages.json'), JSON.stringify(rows));

    const engine = Engine.open({ home: path.join(home, 'devlog') });
    const make = () =>
      engine.register(
        new Collector(engine, {
          adapters: [claudeCodeAdapter, clineAdapter],
          readOn: 'inline',
          platform: { platform: 'linux', home, env: {} },
          rootOverrides: new Map([['claude-code', [claudeRoot]], ['cline', [clineRoot]]]),
        }),
      );
    const collector = make();
    open.push({ engine, collector });
    await collector.collectOnce();

    const drift = (agent: string) => collector.status().sources!.find((s) => s.agent === agent)!.formatDrift;
    expect(drift('claude-code')).toEqual([
      { version: '2.2.0', item: 'kind hologram', count: 2 },
      { version: '2.1.0', item: 'kind hologram', count: 1 },
    ]);
    expect(drift('cline')).toEqual([
      { version: null, item: 'field sparkle', count: 1 },
      { version: null, item: 'kind say teleport', count: 1 },
    ]);

    const check = diagnose(engine.db, [claudeCodeAdapter, clineAdapter], false).checks.find((c) => c.id === 'format-drift')!;
    expect(check).toMatchObject({ ok: true, found: 5 });
    expect(check.examples[0]).toBe('claude-code 2.2.0: kind hologram ×2');

    // The extension saves the file again (one more row): its counts are replaced, not added to.
    fs.writeFileSync(path.join(taskDir, 'ui_messages.json'), JSON.stringify([...rows, { ts: 2, type: 'say', say: 'text', text: 'y' }]));
    await make().collectOnce();
    expect(drift('cline')).toEqual([
      { version: null, item: 'field sparkle', count: 1 },
      { version: null, item: 'kind say teleport', count: 1 },
    ]);
  });
});
