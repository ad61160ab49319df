/** Where each Cline-family extension's storage is looked for, on each OS's path conventions. */
import { describe, expect, it } from 'vitest';
import { clineAdapter, kiloCodeAdapter, rooCodeAdapter, zooCodeAdapter } from './index.js';

describe('Cline family roots', () => {
  it('Linux: every VS Code-family editor, the remote servers and ~/.cline/data', () => {
    expect(clineAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: {} })).toEqual([
      '/home/u/.config/Code/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.config/Code - Insiders/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.config/Cursor/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.config/Windsurf/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.config/VSCodium/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.vscode-server/data/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.vscode-remote/data/User/globalStorage/saoudrizwan.claude-dev',
      '/home/u/.cline/data',
    ]);
  });

  it('Linux: honours XDG_CONFIG_HOME, CLINE_DIR and CLINE_DATA_DIR', () => {
    const roots = clineAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: { XDG_CONFIG_HOME: '/xdg', CLINE_DIR: '/opt/cline' } });
    expect(roots[0]).toBe('/xdg/Code/User/globalStorage/saoudrizwan.claude-dev');
    expect(roots.at(-1)).toBe('/opt/cline/data');
    expect(clineAdapter.defaultRoots({ platform: 'linux', home: '/home/u', env: { CLINE_DIR: '/opt/cline', CLINE_DATA_DIR: '/srv/cline-data' } }).at(-1)).toBe('/srv/cline-data');
  });

  it('macOS: under ~/Library/Application Support', () => {
    const roots = rooCodeAdapter.defaultRoots({ platform: 'darwin', home: '/Users/u', env: {} });
    expect(roots[0]).toBe('/Users/u/Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline');
    expect(roots).toContain('/Users/u/Library/Application Support/Cursor/User/globalStorage/rooveterinaryinc.roo-cline');
    // Only Cline has a standalone folder.
    expect(roots.some((r) => r.includes('.cline'))).toBe(false);
  });

  it('Windows: under %APPDATA% with backslashes, and %USERPROFILE% for the rest', () => {
    const p = { platform: 'win32' as const, home: 'C:\\Users\\u', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', USERPROFILE: 'D:\\Profiles\\u' } };
    const roots = kiloCodeAdapter.defaultRoots(p);
    expect(roots[0]).toBe('C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\kilocode.kilo-code');
    expect(roots).toContain('C:\\Users\\u\\AppData\\Roaming\\Windsurf\\User\\globalStorage\\kilocode.kilo-code');
    expect(roots).toContain('D:\\Profiles\\u\\.vscode-server\\data\\User\\globalStorage\\kilocode.kilo-code');
    expect(clineAdapter.defaultRoots(p).at(-1)).toBe('D:\\Profiles\\u\\.cline\\data');
    // Without APPDATA: the roaming folder of the profile.
    expect(zooCodeAdapter.defaultRoots({ ...p, env: {} })[0]).toBe('C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\zoocodeorganization.zoo-code');
  });

  it('claims the task files and the task list, nothing else', () => {
    for (const rel of ['tasks/1769/api_conversation_history.json', 'tasks/1769/ui_messages.json', 'tasks/1769/claude_messages.json', 'tasks/1769/task_metadata.json', 'tasks/1769/history_item.json', 'sessions/s1/s1.json', 'sessions/s1/s1.messages.json', 'state/taskHistory.json', 'taskHistory.json']) {
      expect(clineAdapter.handlerFor(rel), rel).toBeDefined();
    }
    for (const rel of ['tasks/1769/context_history.json', 'tasks/1769/settings.json', 'settings/cline_mcp_settings.json', 'tasks/api_conversation_history.json', 'tasks/a/b/ui_messages.json', 'sessions/s1/s1.compaction.json', 'sessions/s1/s2.json', 'sessions/sessions.index.json']) {
      expect(clineAdapter.handlerFor(rel), rel).toBeUndefined();
    }
  });
});
