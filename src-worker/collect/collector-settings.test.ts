/**
 * Settings applied without a restart: real files under real roots, a live collector with its
 * watchers, config.json changed through Engine.updateConfig and by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchConfigFile } from '../config/config-watcher.js';
import { applySettingsUpdate, parseSettingsUpdate, readSettings } from '../rpc/settings.js';
import { useTestCollectors } from '../testing/test-collectors.js';
import { toyAdapter } from '../testing/toy-adapter.js';
import { until } from '../testing/until.js';

const line = (id: string) => JSON.stringify({ id, text: `text of ${id}`, time: '2026-11-01T10:00:00.000Z' }) + '\n';

describe('settings applied to a running collector', () => {
  const { tempHome, open } = useTestCollectors();
  // Config watchers go before their engine (this hook runs before the one that disposes engines).
  const watchers: { dispose(): void }[] = [];
  afterEach(() => {
    for (const watcher of watchers.splice(0)) watcher.dispose();
  });

  /** Two roots for the toy agent, chosen in config.json (no --root: the settings decide). */
  async function setup(options: { historyDays?: number; before?: (rootA: string) => void } = {}) {
    const dir = tempHome();
    const rootA = path.join(dir, 'root-a');
    const rootB = path.join(dir, 'root-b');
    for (const root of [rootA, rootB]) fs.mkdirSync(path.join(root, 'proj'), { recursive: true });
    const home = path.join(dir, 'devlog');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ version: 1, historyDays: options.historyDays ?? null, sources: { 'claude-code': { roots: [rootA, rootB] } } }));
    options.before?.(rootA);
    const { engine, collector } = open([toyAdapter], {}, { devlogHome: home, coalesceMs: 10 });
    const changed: string[][] = [];
    engine.onSessionsChanged((ids) => changed.push(ids));
    await collector.start();
    const ids = () => (engine.db.prepare('SELECT id FROM messages ORDER BY id').all() as { id: string }[]).map((r) => r.id.replace('claude-code:', ''));
    const watched = () => collector.status().sources![0]!.roots.map((r) => `${path.basename(r.path)}:${r.watchMode}`);
    return { engine, collector, rootA, rootB, home, ids, watched, changed };
  }

  it('tells which sessions it committed, once their rows are readable', async () => {
    const { rootA, ids, changed, engine } = await setup();
    fs.writeFileSync(path.join(rootA, 'proj', 'live-1.jsonl'), line('m1'));
    await until(() => changed.flat().includes('claude-code:live-1'), 'sessions.changed for live-1');
    expect(ids()).toEqual(['m1']);
    // The notice comes after the commit: another connection reads the row already.
    expect(engine.db.prepare("SELECT message_count FROM sessions WHERE id = 'claude-code:live-1'").get()).toEqual({ message_count: 1 });
  });

  it('stops reading a removed root at once and starts on an added one, without a restart', async () => {
    const { engine, rootA, rootB, ids, watched } = await setup();
    expect(watched()).toEqual(['root-a:native', 'root-b:native']);
    engine.updateConfig((c) => applySettingsUpdate(c, parseSettingsUpdate({ sources: { 'claude-code': { roots: [rootB] } } })));
    await until(() => watched().join() === 'root-b:native', 'root-a dropped');
    fs.writeFileSync(path.join(rootA, 'proj', 'dropped.jsonl'), line('not-collected'));
    fs.writeFileSync(path.join(rootB, 'proj', 'kept.jsonl'), line('collected'));
    await until(() => ids().includes('collected'), 'root-b file collected');
    expect(ids()).toEqual(['collected']);
    // Back to both: the file written meanwhile is read by the scan of the re-added root.
    engine.updateConfig((c) => applySettingsUpdate(c, parseSettingsUpdate({ sources: { 'claude-code': { roots: [rootA, rootB] } } })));
    await until(() => ids().includes('not-collected'), 'root-a scanned again');
  });

  it('a source turned off is not watched and nothing of it is read; turned on, it catches up', async () => {
    const { engine, rootA, ids, watched, collector } = await setup();
    engine.updateConfig((c) => applySettingsUpdate(c, parseSettingsUpdate({ sources: { 'claude-code': { enabled: false } } })));
    await until(() => watched().every((w) => w.endsWith(':off')), 'watchers stopped');
    expect(collector.status().sources![0]!.enabled).toBe(false);
    expect(JSON.parse(fs.readFileSync(engine.paths.config, 'utf8')).sources['claude-code'].enabled).toBe(false);
    fs.writeFileSync(path.join(rootA, 'proj', 'while-off.jsonl'), line('while-off'));
    await collector.idle();
    expect(ids()).toEqual([]);
    engine.updateConfig((c) => applySettingsUpdate(c, parseSettingsUpdate({ sources: { 'claude-code': { enabled: true } } })));
    await until(() => ids().includes('while-off'), 'file written while off collected after turning on');
  });

  it('picks up config.json edited by hand; a broken edit is reported and the last good settings stay', async () => {
    const { engine, home, watched, rootA, ids } = await setup();
    watchers.push(watchConfigFile(engine, 50));
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    config.sources['claude-code'].enabled = false;
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    await until(() => watched().every((w) => w.endsWith(':off')), 'hand edit applied');
    expect(readSettings(engine, new Map()).sources.find((s) => s.agent === 'claude-code')).toMatchObject({ enabled: false, rootsFrom: 'config' });

    fs.writeFileSync(file, '{ "version": 1, "historyDays": "ten" }');
    await until(() => engine.configProblem !== null, 'problem reported');
    expect(engine.configProblem).toBe(`${file}: field historyDays: Invalid input: expected number, received string`);
    expect(engine.config.sources['claude-code']?.enabled).toBe(false);

    config.sources['claude-code'].enabled = true;
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    await until(() => engine.configProblem === null && watched().every((w) => w.endsWith(':native')), 'fixed edit applied');
    fs.writeFileSync(path.join(rootA, 'proj', 'after-fix.jsonl'), line('after-fix'));
    await until(() => ids().includes('after-fix'), 'collected after the fix');
  });

  it('more history days read the older files left out before, without a restart', async () => {
    const { engine, ids, collector } = await setup({
      historyDays: 5,
      before: (rootA) => {
        const old = path.join(rootA, 'proj', 'old.jsonl');
        fs.writeFileSync(old, line('ten-days-old'));
        const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
        fs.utimesSync(old, tenDaysAgo, tenDaysAgo);
        fs.writeFileSync(path.join(rootA, 'proj', 'new.jsonl'), line('today'));
      },
    });
    await collector.idle();
    expect(ids()).toEqual(['today']);
    // The safety sweep after the scan (3 s) honours historyDays too.
    await new Promise((r) => setTimeout(r, 3_500));
    await collector.idle();
    expect(ids()).toEqual(['today']);
    engine.updateConfig((c) => applySettingsUpdate(c, parseSettingsUpdate({ historyDays: null })));
    await until(() => ids().includes('ten-days-old'), 'old file collected once all history is wanted');
  });

  it('refuses a bad change by naming the field, and leaves config.json as it was', async () => {
    const { engine } = await setup();
    const before = fs.readFileSync(engine.paths.config, 'utf8');
    expect(() => parseSettingsUpdate({ historyDays: 0 })).toThrow('settings: field historyDays: must be a whole number of days above 0');
    expect(() => parseSettingsUpdate({ sources: { 'claude-code': { roots: ['relative/dir'] } } })).toThrow('settings: field sources.claude-code.roots.0: a folder must be an absolute path or start with ~');
    expect(() => parseSettingsUpdate({ sources: { vim: { enabled: true } } })).toThrow(/settings: field sources/);
    expect(() => parseSettingsUpdate({ theme: 'blue' })).toThrow(/settings: field theme/);
    expect(fs.readFileSync(engine.paths.config, 'utf8')).toBe(before);
  });
});
