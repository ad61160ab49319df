/**
 * Format drift: records of kinds an adapter does not know are counted per agent and agent
 * version, listed by `status` (sources[].formatDrift) and by `doctor` (a notice, not a fault),
 * and a whole file saved again (or every file re-derived) replaces its counts instead of adding to them. Every adapter that
 * knows its record kinds reports the ones it does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from '../sources/claude-code/index.js';
import { clineAdapter } from '../sources/cline/index.js';
import { codexAdapter } from '../sources/codex/index.js';
import { geminiAdapter } from '../sources/gemini/index.js';
import type { AppendHandler, WholeFileHandler } from '../sources/types.js';
import { uiMessages, writeTask } from '../sources/cline/test-files.js';
import { queueReparse, Reparser } from '../reparse/reparser.js';
import { diagnose } from '../store/doctor/doctor.js';
import { useTestCollectors } from '../testing/test-collectors.js';

const claudeLine = (type: string, version: string, n: number) =>
  JSON.stringify({ type, uuid: `u${n}`, sessionId: 's1', version, timestamp: '2026-05-01T10:00:00.000Z', cwd: '/w', message: { role: 'user', content: 'hi' } }) + '\n';

describe('format drift (real files, real SQLite)', () => {
  const { tempHome, open } = useTestCollectors();

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

    const { engine, collector, again } = open([claudeCodeAdapter, clineAdapter], { 'claude-code': [claudeRoot], cline: [clineRoot] }, {
      devlogHome: path.join(home, 'devlog'),
      platform: { platform: 'linux', home, env: {} },
    });
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

    // Re-deriving every file from its stored records counts them again from scratch, not twice.
    queueReparse(engine.db, [claudeCodeAdapter, clineAdapter], { all: true });
    await new Reparser(engine.db, engine.seq, [claudeCodeAdapter, clineAdapter]).run();
    expect(diagnose(engine.db, [claudeCodeAdapter, clineAdapter], false).checks.find((c) => c.id === 'format-drift')).toMatchObject({ found: 5 });
    expect(drift('claude-code')).toEqual([
      { version: '2.2.0', item: 'kind hologram', count: 2 },
      { version: '2.1.0', item: 'kind hologram', count: 1 },
    ]);

    // The extension saves the file again (one more row): its counts are replaced, not added to.
    fs.writeFileSync(path.join(taskDir, 'ui_messages.json'), JSON.stringify([...rows, { ts: 2, type: 'say', say: 'text', text: 'y' }]));
    await again().collectOnce();
    expect(drift('cline')).toEqual([
      { version: null, item: 'field sparkle', count: 1 },
      { version: null, item: 'kind say teleport', count: 1 },
    ]);
  });

  it('Codex and Gemini count unknown record kinds too (Codex with its CLI version)', () => {
    const codexLines = [
      { timestamp: '2026-05-01T10:00:00.000Z', type: 'session_meta', payload: { id: 'th-1', cwd: '/w', cli_version: '0.150.0', timestamp: '2026-05-01T10:00:00.000Z' } },
      { timestamp: '2026-05-01T10:00:01.000Z', type: 'hologram', payload: {} },
    ].map((value, i) => ({ text: JSON.stringify(value), offset: i * 1000, line: i + 1 }));
    const codexRel = 'sessions/2026/05/01/rollout-2026-05-01T10-00-00-th-1.jsonl';
    const codexHandler = codexAdapter.handlerFor(codexRel) as AppendHandler;
    const codex = codexHandler.parseLines(codexLines, { agent: 'codex', path: `/c/${codexRel}`, relPath: codexRel, root: '/c' }, {});
    expect(codex.drift).toEqual([{ version: '0.150.0', item: 'kind hologram', count: 1 }]);

    const geminiRel = 'tmp/abc/chats/session-2026-05-01T10-00-aaaa.json';
    const gemini = (geminiAdapter.handlerFor(geminiRel) as WholeFileHandler).parseFile(
      JSON.stringify({ sessionId: 's', startTime: '2026-05-01T10:00:00.000Z', messages: [{ id: 'm1', type: 'hologram', timestamp: '2026-05-01T10:00:00.000Z', content: 'x' }] }),
      { agent: 'gemini', path: `/g/${geminiRel}`, relPath: geminiRel, root: '/g' },
      {},
    );
    expect(gemini.drift).toEqual([{ version: null, item: 'kind message hologram', count: 1 }]);
  });
});
