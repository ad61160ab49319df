import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeTexts, useStartedEngines } from '../testing/started-engines.js';
import { until } from '../testing/until.js';

/** A Claude Code user line, as the agent writes it. */
function claudeLine(sessionId: string, uuid: string, text: string, cwd: string): string {
  return (
    JSON.stringify({ parentUuid: null, isSidechain: false, userType: 'external', cwd, sessionId, version: '2.1.14', gitBranch: 'main', type: 'user', message: { role: 'user', content: text }, uuid, timestamp: new Date().toISOString() }) + '\n'
  );
}

describe('devlog start: history and live in one process', () => {
  const { tempHome, start: startEngine } = useStartedEngines('devlog-live-');

  function setup() {
    const work = tempHome();
    const claude = path.join(work, 'claude');
    const project = path.join(claude, 'projects', '-home-dev-app');
    fs.mkdirSync(project, { recursive: true });
    const home = path.join(work, 'devlog');
    const texts = () => storeTexts(home, 'SELECT text FROM messages ORDER BY time, ordinal');
    const start = (...extra: string[]) => startEngine(['--root', `claude-code=${claude}`, ...extra], { DEVLOG_HOME: home, HOME: work });
    return { work, claude, project, texts, start };
  }

  it('collects history, then appended lines and sessions in new project folders, queryable while it runs', async () => {
    const { claude, project, texts, start } = setup();
    const file = path.join(project, 's-1.jsonl');
    fs.writeFileSync(file, claudeLine('s-1', 'u1', 'history prompt', '/home/dev/app'));
    await start();
    expect(texts()).toEqual(['history prompt']);

    fs.appendFileSync(file, claudeLine('s-1', 'u2', 'live prompt', '/home/dev/app'));
    await until(() => texts().includes('live prompt'), 'the appended line');

    const newProject = path.join(claude, 'projects', '-home-dev-other');
    fs.mkdirSync(newProject);
    await new Promise((r) => setTimeout(r, 150));
    fs.writeFileSync(path.join(newProject, 's-2.jsonl'), claudeLine('s-2', 'u3', 'new project prompt', '/home/dev/other'));
    await until(() => texts().includes('new project prompt'), 'the new project folder');
    expect(texts()).toHaveLength(3);
  });

  it('start --no-history collects only lines written after it started', async () => {
    const { project, texts, start } = setup();
    const file = path.join(project, 's-1.jsonl');
    fs.writeFileSync(file, claudeLine('s-1', 'u1', 'old one', '/home/dev/app') + claudeLine('s-1', 'u2', 'old two', '/home/dev/app'));
    await start('--no-history');
    fs.appendFileSync(file, claudeLine('s-1', 'u3', 'after start', '/home/dev/app'));
    await until(() => texts().length > 0, 'the new line');
    await new Promise((r) => setTimeout(r, 300));
    expect(texts()).toEqual(['after start']);
  });
});
