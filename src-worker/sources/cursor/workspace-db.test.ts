import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedBatch, ParserState } from '../types.js';
import { cursorDbHandler } from './index.js';
import { fileContext, openReadOnly, writeKvDb } from './test-db.js';
import { CHAT_TABS_KEY, COMPOSERS_KEY } from './workspace-db.js';

const REL = 'workspaceStorage/0123abcd/state.vscdb';

const composers = {
  allComposers: [
    {
      composerId: 'inline-1',
      name: 'Sidebar',
      createdAt: 1_731_784_818_255,
      lastUpdatedAt: 1_731_784_900_000,
      conversation: [
        { type: 1, bubbleId: 'b1', text: 'add a sidebar' },
        { type: 2, bubbleId: 'b2', text: 'Here is a sidebar.' },
      ],
    },
    { composerId: 'global-1', name: 'Newer agent chat', createdAt: 1_760_000_000_000, lastUpdatedAt: 1_760_000_500_000, unifiedMode: 'agent' },
    { composerId: 'never-used', createdAt: 1_760_000_000_000 },
  ],
  selectedComposerId: 'inline-1',
};

const chatData = {
  tabs: [
    {
      tabId: 'tab-1',
      chatTitle: 'Android SDK error',
      lastSendTime: 1_731_783_988_261,
      bubbles: [
        { type: 'user', id: 'u1', text: 'native-run failed' },
        { type: 'ai', id: 'a1', text: 'Set ANDROID_HOME.', rawText: 'Set ANDROID_HOME.', modelType: 'claude-3.5-sonnet' },
        { type: 'user', id: 'draft', text: '' },
      ],
    },
    { tabId: 'tab-empty', bubbles: [{ type: 'user', id: 'x', text: '' }] },
  ],
};

let root: string;
let dbFile: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'devlog-cursor-ws-'));
  dbFile = path.join(root, REL);
  writeKvDb(dbFile, 'ItemTable', {
    [COMPOSERS_KEY]: composers,
    // A BLOB value, as some builds store them.
    [CHAT_TABS_KEY]: Buffer.from(JSON.stringify(chatData)),
    'aiService.prompts': [{ text: 'native-run failed', commandType: 2 }],
    'workbench.panel.markers': { hidden: true },
  });
  fs.writeFileSync(path.join(path.dirname(dbFile), 'workspace.json'), JSON.stringify({ folder: 'file:///c%3A/Users/me/mobilechat' }));
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function read(state: ParserState = {}): NormalizedBatch {
  const db = openReadOnly(dbFile);
  try {
    return cursorDbHandler.readDatabase(db, fileContext(root, REL), state);
  } finally {
    db.close();
  }
}

describe('Cursor workspace database', () => {
  it('links composers to the workspace and reads inline conversations and chat tabs', () => {
    const batch = read();
    const workspace = 'c:\\Users\\me\\mobilechat';
    expect(batch.problems).toEqual([]);
    expect(batch.sessions).toEqual([
      {
        nativeId: 'inline-1',
        workspace,
        title: 'Sidebar',
        startedAt: '2024-11-16T19:20:18.255Z',
        endedAt: '2024-11-16T19:21:40.000Z',
        models: [],
        extra: { source: 'composer' },
      },
      { nativeId: 'global-1', workspace },
      {
        nativeId: 'tab-1',
        workspace,
        title: 'Android SDK error',
        startedAt: '2024-11-16T19:06:28.261Z',
        endedAt: '2024-11-16T19:06:28.261Z',
        models: ['claude-3.5-sonnet'],
        extra: { source: 'aichat' },
      },
    ]);
    expect(batch.messages.map((m) => [m.id, m.sessionNativeId, m.role, m.text, m.model])).toEqual([
      ['inline-1:b1', 'inline-1', 'user', 'add a sidebar', undefined],
      ['inline-1:b2', 'inline-1', 'assistant', 'Here is a sidebar.', undefined],
      ['tab-1:u1', 'tab-1', 'user', 'native-run failed', undefined],
      ['tab-1:a1', 'tab-1', 'assistant', 'Set ANDROID_HOME.', 'claude-3.5-sonnet'],
    ]);
  });

  it('skips values that did not change and re-reads those that did', () => {
    const state: ParserState = {};
    read(state);
    expect(read(state).sessions).toEqual([]);

    const db = new Database(dbFile);
    db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)').run(CHAT_TABS_KEY, JSON.stringify({ tabs: [{ ...chatData.tabs[0], chatTitle: 'Renamed' }] }));
    db.close();
    expect(read(state).sessions.map((s) => [s.nativeId, s.title])).toEqual([['tab-1', 'Renamed']]);
  });

  it('reports a value that is not JSON, naming its key', () => {
    const db = new Database(dbFile);
    db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)').run(COMPOSERS_KEY, '{"allComposers": [');
    db.close();
    const batch = read();
    expect(batch.problems).toEqual([{ reason: expect.stringMatching(/^composer\.composerData: invalid JSON/) }]);
    expect(batch.sessions.map((s) => s.nativeId)).toEqual(['tab-1']);
  });

  it('still reads the sessions when workspace.json is missing', () => {
    fs.rmSync(path.join(path.dirname(dbFile), 'workspace.json'));
    const batch = read();
    expect(batch.sessions.map((s) => [s.nativeId, s.workspace])).toEqual([
      ['inline-1', undefined],
      ['tab-1', undefined],
    ]);
  });
});
